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

        /// <summary>
        /// The tenant as given to Connect-O365ServiceComms (its id or a verified domain); for a managed identity or a
        /// ready token without -TenantId, the tenant id the token names.
        /// </summary>
        public string TenantId { get; private set; }

        /// <summary>The tenant's id (the token's tid claim), so the connection is found by id as well as by domain.</summary>
        public Guid? TenantGuid { get; private set; }

        /// <summary>The app (or managed identity) the connection signs in as; for a managed identity, from its token.</summary>
        public string ClientId { get; private set; }

        /// <summary>
        /// How the connection signs in: ClientSecret, Certificate, ManagedIdentity, AccessToken, DeviceCode or Interactive.
        /// </summary>
        public string AuthType { get; }

        /// <summary>The signed-in user of a delegated sign-in (DeviceCode, Interactive, or a user's token); empty for an app.</summary>
        public string Account { get; private set; }

        /// <summary>Global, USGov, USGovDoD, China, or Custom for other endpoints.</summary>
        public string Environment { get; }

        public Uri AuthorityHost { get; }

        public Uri GraphEndpoint { get; }

        /// <summary>The scopes the token is requested for.</summary>
        public string[] Scopes { get; }

        /// <summary>The application roles or delegated scopes the current token grants.</summary>
        public string[] Roles { get; private set; } = Array.Empty<string>();

        /// <summary>When the current token expires; the connection renews it before then (except a ready -AccessToken).</summary>
        public DateTime? TokenExpiresOn { get; private set; }

        public DateTime ConnectedAt { get; }

        internal IAccessTokenSource Tokens { get; }

        /// <summary>Whether the token is a user's (delegated permissions) rather than an app's.</summary>
        internal bool IsDelegated => !string.IsNullOrEmpty(Account);

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

        public override string ToString() => TenantId;

        /// <summary>Whether this connection is to the tenant named by id or by the domain it was connected with.</summary>
        internal bool IsTenant(string tenant) =>
            string.Equals(TenantId, tenant, StringComparison.OrdinalIgnoreCase)
            || (TenantGuid != null && Guid.TryParse(tenant, out Guid id) && id == TenantGuid.Value);

        private void NoteClaims(TokenPayload claims)
        {
            if (claims == null)
            {
                return;
            }

            if (Guid.TryParse(claims.TenantId, out Guid tenant))
            {
                TenantGuid = tenant;
                if (string.IsNullOrEmpty(TenantId))
                {
                    TenantId = claims.TenantId;
                }
            }

            if (string.IsNullOrEmpty(ClientId) && claims.AppId != null)
            {
                ClientId = claims.AppId;
            }

            if (claims.User != null)
            {
                Account = claims.User;
            }
        }

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
                DateTime? expiresOn = token.ExpiresOn == DateTimeOffset.MaxValue ? (DateTime?)null : token.ExpiresOn.LocalDateTime;
                if (_connection.TokenExpiresOn != expiresOn || _connection.TokenExpiresOn == null)
                {
                    _connection.TokenExpiresOn = expiresOn;
                    _connection.Roles = TokenClaims.RolesOrScopes(token.Value);
                    _connection.NoteClaims(TokenClaims.Read(token.Value));
                }

                return token;
            }
        }
    }
}
