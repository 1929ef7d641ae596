using System;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms
{
    /// <summary>One signed-in tenant. Holds no secret or token in any public member.</summary>
    public sealed class ServiceCommsConnection
    {
        private readonly object _catalogLock = new object();
        private ServiceCatalog _catalog;

        internal ServiceCommsConnection(
            string tenantId, string clientId, string authType, Uri authorityHost, Uri graphEndpoint, string[] scopes, IAccessTokenSource tokens)
        {
            TenantId = tenantId;
            ClientId = clientId;
            AuthType = authType;
            AuthorityHost = authorityHost;
            GraphEndpoint = graphEndpoint;
            Environment = CloudEnvironment.NameOf(authorityHost, graphEndpoint);
            Scopes = scopes;
            ConnectedAt = DateTime.Now;
            Tokens = new TrackingTokenSource(tokens, this);
            Graph = new GraphClient(graphEndpoint, Tokens);
        }

        /// <summary>The tenant as given to Connect-O365ServiceComms: its id or a verified domain.</summary>
        public string TenantId { get; }

        public string ClientId { get; }

        /// <summary>How the connection signs in, e.g. ClientSecret.</summary>
        public string AuthType { get; }

        /// <summary>Global, USGov, USGovDoD, China, or Custom for other endpoints.</summary>
        public string Environment { get; }

        public Uri AuthorityHost { get; }

        public Uri GraphEndpoint { get; }

        /// <summary>The scopes the token is requested for.</summary>
        public string[] Scopes { get; }

        /// <summary>The application roles or delegated scopes the current token grants.</summary>
        public string[] Roles { get; private set; } = Array.Empty<string>();

        /// <summary>When the current token expires; the connection renews it before then.</summary>
        public DateTime? TokenExpiresOn { get; private set; }

        public DateTime ConnectedAt { get; }

        internal IAccessTokenSource Tokens { get; }

        internal GraphClient Graph { get; }

        /// <summary>The tenant's service ids and display names, read once per connection.</summary>
        internal ServiceCatalog GetServiceCatalog(Func<ServiceCatalog> load)
        {
            lock (_catalogLock)
            {
                return _catalog ?? (_catalog = load());
            }
        }

        internal void RememberServiceCatalog(ServiceCatalog catalog)
        {
            lock (_catalogLock)
            {
                _catalog = catalog;
            }
        }

        /// <summary>The service catalog if one was read already; never sends a request (for tab completion).</summary>
        internal ServiceCatalog CachedServiceCatalog
        {
            get
            {
                lock (_catalogLock)
                {
                    return _catalog;
                }
            }
        }

        /// <summary>The message ids this connection's cmdlets wrote last, for tab completion of -Id.</summary>
        internal RecentIds RecentIds { get; } = new RecentIds();

        public override string ToString() => TenantId;

        /// <summary>Notes expiry and granted roles of each token handed out.</summary>
        private sealed class TrackingTokenSource : IAccessTokenSource
        {
            private readonly IAccessTokenSource _inner;
            private readonly ServiceCommsConnection _connection;

            public TrackingTokenSource(IAccessTokenSource inner, ServiceCommsConnection connection)
            {
                _inner = inner;
                _connection = connection;
            }

            public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
            {
                AccessToken token = _inner.GetToken(forceRefresh, cancellationToken);
                DateTime expiresOn = token.ExpiresOn.LocalDateTime;
                if (_connection.TokenExpiresOn != expiresOn)
                {
                    _connection.TokenExpiresOn = expiresOn;
                    _connection.Roles = TokenClaims.RolesOrScopes(token.Value);
                }

                return token;
            }
        }
    }
}
