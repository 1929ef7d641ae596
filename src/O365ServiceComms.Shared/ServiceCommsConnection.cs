using System;

namespace O365ServiceComms
{
    /// <summary>One signed-in tenant. Holds no secret or token in any public member.</summary>
    /// <remarks>
    /// What PowerShell sees of a connection. The live parts (token source, Graph client) stay with the cmdlets,
    /// which on PowerShell 7 live in the module's own load context; this type lives where PowerShell can name it.
    /// </remarks>
    public sealed class ServiceCommsConnection
    {
        internal ServiceCommsConnection(
            string tenantId, string clientId, string authType, string environment, Uri authorityHost, Uri graphEndpoint, string[] scopes)
        {
            TenantId = tenantId;
            ClientId = clientId;
            AuthType = authType;
            AuthorityHost = authorityHost;
            GraphEndpoint = graphEndpoint;
            Environment = environment;
            Scopes = scopes;
            ConnectedAt = DateTime.Now;
        }

        /// <summary>
        /// The tenant as given to Connect-O365ServiceComms (its id or a verified domain); for a managed identity or a
        /// ready token without -TenantId, the tenant id the token names.
        /// </summary>
        public string TenantId { get; internal set; }

        /// <summary>The tenant's id (the token's tid claim), so the connection is found by id as well as by domain.</summary>
        public Guid? TenantGuid { get; internal set; }

        /// <summary>The app (or managed identity) the connection signs in as; for a managed identity, from its token.</summary>
        public string ClientId { get; internal set; }

        /// <summary>
        /// How the connection signs in: ClientSecret, Certificate, ManagedIdentity, AccessToken, DeviceCode or Interactive.
        /// </summary>
        public string AuthType { get; }

        /// <summary>The signed-in user of a delegated sign-in (DeviceCode, Interactive, or a user's token); empty for an app.</summary>
        public string Account { get; internal set; }

        /// <summary>Global, USGov, USGovDoD, China, or Custom for other endpoints.</summary>
        public string Environment { get; }

        public Uri AuthorityHost { get; }

        public Uri GraphEndpoint { get; }

        /// <summary>The scopes the token is requested for.</summary>
        public string[] Scopes { get; }

        /// <summary>The application roles or delegated scopes the current token grants.</summary>
        public string[] Roles { get; internal set; } = Array.Empty<string>();

        /// <summary>When the current token expires; the connection renews it before then (except a ready -AccessToken).</summary>
        public DateTime? TokenExpiresOn { get; internal set; }

        public DateTime ConnectedAt { get; }

        /// <summary>Whether cmdlets without -TenantId use this connection (the latest one made); kept up to date by the session.</summary>
        public bool IsDefault { get; internal set; }

        public override string ToString() => TenantId;
    }
}
