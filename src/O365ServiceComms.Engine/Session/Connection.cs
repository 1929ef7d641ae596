using System;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Text;
using O365ServiceComms.Net;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// A live connection: the token source and Graph client of one signed-in tenant, and the public
    /// <see cref="ServiceCommsConnection"/> that describes it to PowerShell (<see cref="Info"/>).
    /// </summary>
    internal sealed class Connection : IDisposable
    {
        private readonly object _catalogLock = new object();
        private readonly IAccessTokenSource _signIn;
        private ServiceCatalog _catalog;
        private readonly SharedRun<ServiceCatalog> _catalogRead = new SharedRun<ServiceCatalog>();

        public Connection(
            string tenantId, string clientId, string authType, Uri authorityHost, Uri graphEndpoint, string[] scopes, IAccessTokenSource tokens,
            HttpTransport transport = null)
        {
            Info = new ServiceCommsConnection(
                tenantId, clientId, authType, CloudEnvironment.NameOf(authorityHost, graphEndpoint), authorityHost, graphEndpoint, scopes);
            // A tenant asked for by GUID is compared with the tid of every token; a domain cannot be compared (a token
            // names no domain), but the sign-in endpoint was asked for that domain's tenant and nothing else.
            Guid? expectedTenant = Guid.TryParse(tenantId, out Guid asked) ? asked : (Guid?)null;
            _signIn = tokens;
            Tokens = new TrackingTokenSource(tokens, Info, expectedTenant);
            HttpTransport http = transport ?? HttpTransport.FromEnvironment();
            Graph = new GraphClient(graphEndpoint, Tokens, http.Graph, downloadHttp: http.Download);
        }

        /// <summary>What the cmdlets write to the pipeline for this connection.</summary>
        public ServiceCommsConnection Info { get; }

        public string TenantId => Info.TenantId;

        public DateTime? TokenExpiresOn => Info.TokenExpiresOn;

        public IAccessTokenSource Tokens { get; }

        public GraphClient Graph { get; }

        /// <summary>The tenant's service ids and display names, read once per connection.</summary>
        public ServiceCatalog GetServiceCatalog(Func<ServiceCatalog> load, CancellationToken cancellationToken = default)
        {
            lock (_catalogLock)
            {
                if (_catalog != null)
                {
                    return _catalog;
                }
            }

            // Read outside the lock: a slow or retried read must not hold up tab completion or the other tenants'
            // threads. The two lists of one tenant read side by side both need it: the second waits for the first's read.
            return _catalogRead.Run(
                () =>
                {
                    ServiceCatalog loaded = load();
                    lock (_catalogLock)
                    {
                        return _catalog ?? (_catalog = loaded);
                    }
                },
                cancellationToken);
        }

        public void RememberServiceCatalog(ServiceCatalog catalog)
        {
            lock (_catalogLock)
            {
                _catalog = catalog;
            }
        }

        /// <summary>The service catalog if one was read already; never sends a request (for tab completion).</summary>
        public ServiceCatalog CachedServiceCatalog
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
        public RecentIds RecentIds { get; } = new RecentIds();

        /// <summary>Whether the token is a user's (delegated permissions) rather than an app's.</summary>
        public bool IsDelegated => !string.IsNullOrEmpty(Info.Account);

        public override string ToString() => TenantId;

        /// <summary>Disconnect or a replacing Connect: frees what the sign-in holds (a certificate the module loaded).</summary>
        public void Dispose() => (_signIn as IDisposable)?.Dispose();

        /// <summary>Whether this connection is to the tenant named by id or by the domain it was connected with.</summary>
        public bool IsTenant(string tenant) =>
            string.Equals(Info.TenantId, tenant, StringComparison.OrdinalIgnoreCase)
            || (Info.TenantGuid != null && Guid.TryParse(tenant, out Guid id) && id == Info.TenantGuid.Value);

        private static void NoteClaims(ServiceCommsConnection info, TokenPayload claims)
        {
            if (claims == null)
            {
                return;
            }

            if (Guid.TryParse(claims.TenantId, out Guid tenant))
            {
                info.TenantGuid = tenant;
                if (string.IsNullOrEmpty(info.TenantId))
                {
                    info.TenantId = claims.TenantId;
                }
            }

            if (string.IsNullOrEmpty(info.ClientId) && claims.AppId != null)
            {
                info.ClientId = claims.AppId;
            }

            if (claims.User != null)
            {
                info.Account = claims.User;
            }
        }

        /// <summary>
        /// Notes expiry and granted roles of each token handed out. Tokens may be renewed on several threads at once
        /// (tenants read side by side, a completer while a command runs): the noting is done under a lock, so expiry,
        /// roles and claims always describe one and the same token.
        /// </summary>
        private sealed class TrackingTokenSource : IAccessTokenSource
        {
            private readonly IAccessTokenSource _inner;
            private readonly ServiceCommsConnection _info;
            private readonly object _noteLock = new object();
            private readonly Guid? _expectedTenant;

            public TrackingTokenSource(IAccessTokenSource inner, ServiceCommsConnection info, Guid? expectedTenant)
            {
                _inner = inner;
                _info = info;
                _expectedTenant = expectedTenant;
            }

            public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
            {
                AccessToken token = _inner.GetToken(forceRefresh, cancellationToken);
                CheckTenant(token);
                DateTime? expiresOn = token.ExpiresOn == DateTimeOffset.MaxValue ? (DateTime?)null : token.ExpiresOn.LocalDateTime;
                lock (_noteLock)
                {
                    if (_info.TokenExpiresOn != expiresOn || _info.TokenExpiresOn == null)
                    {
                        _info.TokenExpiresOn = expiresOn;
                        _info.Roles = TokenClaims.RolesOrScopes(token.Value);
                        NoteClaims(_info, TokenClaims.Read(token.Value));
                    }
                }

                return token;
            }

            // Data read with this token is labelled with the tenant asked for: a token of another tenant is never used.
            private void CheckTenant(AccessToken token)
            {
                if (_expectedTenant == null)
                {
                    return;
                }

                string tid = TokenClaims.Read(token.Value)?.TenantId;
                if (tid != null && (!Guid.TryParse(tid, out Guid signedIn) || signedIn != _expectedTenant.Value))
                {
                    throw new SignInException(
                        string.Format(Strings.SignedInToOtherTenant, DisplayText.ForPeople(tid), _expectedTenant.Value, _info.AuthorityHost?.AbsoluteUri ?? _info.GraphEndpoint?.AbsoluteUri),
                        ServiceCommsErrorKind.SignedInToOtherTenant);
                }
            }
        }
    }
}
