using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using O365ServiceComms.Completion;
using O365ServiceComms.Net;
using O365ServiceComms.Session;
using O365ServiceComms.Text;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Signs in to a tenant and keeps the connection for this PowerShell session: as an app (secret, certificate,
    /// managed identity), with a ready token, or as an admin (device code, browser).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "O365ServiceComms", DefaultParameterSetName = ClientSecretSet, HelpUri = HelpLinks.Docs + "Connect-O365ServiceComms.md")]
    [OutputType(typeof(ServiceCommsConnection))]
    public sealed class ConnectO365ServiceCommsCommand : ServiceCommsCmdlet
    {
        private const string ClientSecretSet = "ClientSecret";
        private const string CredentialSet = "Credential";
        private const string CertificateThumbprintSet = "CertificateThumbprint";
        private const string CertificateSet = "Certificate";
        private const string CertificatePathSet = "CertificatePath";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string AccessTokenSet = "AccessToken";
        private const string DeviceCodeSet = "DeviceCode";
        private const string InteractiveSet = "Interactive";

        private const string HealthPermission = "ServiceHealth.Read.All";
        private const string MessagePermission = "ServiceMessage.Read.All";

        private const string TenantPattern = @"^[A-Za-z0-9][A-Za-z0-9.\-]{0,252}$";

        // The device code or browser sign-in of the connection being made, if it is one.
        private DelegatedTokenSource _userSignIn;

        /// <summary>The tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ClientSecretSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CertificateThumbprintSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = CertificatePathSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InteractiveSet)]
        [Parameter(Position = 0, ParameterSetName = AccessTokenSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(TenantPattern)]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string TenantId { get; set; }

        /// <summary>The app's client id; with -ManagedIdentity, the client id of a user-assigned identity.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [ValidateNotNullOrEmpty]
        [Alias("AppId", "ApplicationId")]
        public string ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [ValidateNotNull]
        [SecureStringArgument]
        public SecureString ClientSecret { get; set; }

        /// <summary>The app's client id as user name and its secret as password, as an Azure Automation credential asset holds them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>A certificate with its private key in CurrentUser\My (then LocalMachine\My on Windows).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
        [ValidateNotNullOrEmpty]
        [Alias("Thumbprint")]
        public string CertificateThumbprint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [ValidateNotNull]
        public X509Certificate2 Certificate { get; set; }

        /// <summary>A PFX (PKCS#12) file holding the certificate and its private key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; }

        [Parameter(ParameterSetName = CertificatePathSet)]
        [SecureStringArgument]
        public SecureString CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet)]
        public SwitchParameter ManagedIdentity { get; set; }

        /// <summary>A bearer token for Microsoft Graph obtained elsewhere; it is used until it expires.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        [SecureStringArgument]
        public SecureString AccessToken { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public SwitchParameter DeviceCode { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        public SwitchParameter Interactive { get; set; }

        /// <summary>The Microsoft cloud: sets the sign-in endpoint, the Graph endpoint and the token's scope.</summary>
        [Parameter]
        [ValidateSet("Global", "USGov", "USGovDoD", "China", IgnoreCase = true)]
        public string Environment { get; set; } = "Global";

        [Parameter(ParameterSetName = ClientSecretSet)]
        [Parameter(ParameterSetName = CredentialSet)]
        [Parameter(ParameterSetName = CertificateThumbprintSet)]
        [Parameter(ParameterSetName = CertificateSet)]
        [Parameter(ParameterSetName = CertificatePathSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [ValidateNotNull]
        public Uri AuthorityHost { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri GraphEndpoint { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndCommand()
        {
            RefusePlainText(nameof(ClientSecret), ClientSecret);
            RefusePlainText(nameof(CertificatePassword), CertificatePassword);
            RefusePlainText(nameof(AccessToken), AccessToken);
            CloudEnvironment cloud = CloudEnvironment.Find(Environment) ?? CloudEnvironment.Global;
            Uri authorityHost = AuthorityHost ?? cloud.AuthorityHost;
            Uri graphEndpoint = GraphEndpoint ?? cloud.GraphEndpoint;
            ValidateEndpoints(authorityHost, graphEndpoint);
            try
            {
                // O365SC_TRUSTED_ROOTS is read here, so that a file it names wrongly stops Connect with its own error.
                HttpTransport.FromEnvironment();
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, System.Environment.GetEnvironmentVariable(HttpTransport.TrustedRootsVariable)));
            }

            Connection connection = CreateConnection(authorityHost, graphEndpoint);
            AccessToken token = default;
            try
            {
                // Sign in now, so that a wrong secret, certificate or tenant fails here and not at the first query.
                _userSignIn?.SignIn(WriteToHost, CancellationToken);
                token = connection.Tokens.GetToken(forceRefresh: false, CancellationToken);
            }
            catch (SignInException exception)
            {
                connection.Dispose();
                ThrowTerminatingError(SignInErrorRecord(exception, TenantId ?? ClientId));
            }
            catch (OperationCanceledException)
            {
                connection.Dispose();
                throw new PipelineStoppedException();
            }

            if (string.IsNullOrEmpty(connection.TenantId))
            {
                // Only a managed identity token without a tid claim gets here; Entra's tokens always carry one.
                ThrowTerminatingError(ErrorKinds.Record(
                    ServiceCommsErrorKind.ManagedIdentityFailed, Strings.ManagedIdentityNoTenant, ClientId, category: ErrorCategory.InvalidResult));
            }

            WarnOfMissingPermissions(connection, token);
            Connections.Add(connection);
            WriteVerbose(connection.TokenExpiresOn == null
                ? string.Format("Connected to tenant {0}.", connection.TenantId)
                : string.Format("Connected to tenant {0}; the token expires at {1:u}.", connection.TenantId, connection.TokenExpiresOn?.ToUniversalTime()));
            if (PassThru)
            {
                WriteObject(connection.Info);
            }
        }

        // Builds the connection and its token source; nothing is sent yet. Stops the command on bad input.
        private Connection CreateConnection(Uri authorityHost, Uri graphEndpoint)
        {
            switch (ParameterSetName)
            {
                case CertificateThumbprintSet:
                case CertificateSet:
                case CertificatePathSet:
                {
                    CheckClientId(ClientId, Strings.ClientIdNotGuid);
                    X509Certificate2 certificate = LoadCertificate();
                    var tokens = new CertificateTokenSource(
                        authorityHost, TenantId, ClientId, certificate, graphEndpoint, ownsCertificate: ParameterSetName != CertificateSet);
                    WriteVerbose(string.Format(
                        "Signing in to tenant {0} as app {1} with certificate {2} at {3}.", TenantId, ClientId, tokens.CertificateDescription, authorityHost));
                    return new Connection(TenantId, ClientId, "Certificate", authorityHost, graphEndpoint, tokens.Scopes, tokens);
                }

                case ManagedIdentitySet:
                {
                    if (ClientId != null)
                    {
                        CheckClientId(ClientId, Strings.ClientIdNotGuid);
                    }

                    var tokens = new ManagedIdentityTokenSource(ClientId, graphEndpoint);
                    WriteVerbose(string.Format(
                        "Getting a token for the {0} managed identity from {1}.",
                        ClientId == null ? "system-assigned" : "user-assigned " + ClientId, ManagedIdentityTokenSource.Endpoint));
                    return new Connection(null, ClientId, "ManagedIdentity", null, graphEndpoint, tokens.Scopes, tokens);
                }

                case AccessTokenSet:
                    return ConnectionForAccessToken(graphEndpoint);

                case DeviceCodeSet:
                case InteractiveSet:
                {
                    CheckClientId(ClientId, Strings.ClientIdNotGuid);
                    DelegatedTokenSource tokens = DeviceCode
                        ? new DeviceCodeTokenSource(authorityHost, TenantId, ClientId, graphEndpoint)
                        : (DelegatedTokenSource)new InteractiveTokenSource(authorityHost, TenantId, ClientId, graphEndpoint);
                    string authType = DeviceCode ? "DeviceCode" : "Interactive";
                    _userSignIn = tokens;
                    WriteVerbose(string.Format("Signing in a user to tenant {0} through app {1} ({2}) at {3}.", TenantId, ClientId, authType, authorityHost));
                    return new Connection(TenantId, ClientId, authType, authorityHost, graphEndpoint, tokens.Scopes, tokens);
                }

                default:
                {
                    string clientId = ParameterSetName == CredentialSet ? Credential.UserName : ClientId;
                    SecureString secret = ParameterSetName == CredentialSet ? Credential.Password : ClientSecret;
                    CheckClientId(clientId, ParameterSetName == CredentialSet ? Strings.CredentialUserNameNotClientId : Strings.ClientIdNotGuid);
                    if (secret.Length == 0)
                    {
                        ThrowInvalidArgument(Strings.EmptySecret, clientId);
                    }

                    var tokens = new ClientSecretTokenSource(authorityHost, TenantId, clientId, SecureStrings.ToPlainText(secret), graphEndpoint);
                    WriteVerbose(string.Format("Signing in to tenant {0} as app {1} at {2}.", TenantId, clientId, authorityHost));
                    return new Connection(TenantId, clientId, "ClientSecret", authorityHost, graphEndpoint, tokens.Scopes, tokens);
                }
            }
        }

        private X509Certificate2 LoadCertificate()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case CertificateThumbprintSet:
                        return CertificateLoader.FromStore(CertificateThumbprint);
                    case CertificatePathSet:
                        return CertificateLoader.FromFile(GetUnresolvedProviderPathFromPSPath(CertificatePath), CertificatePassword);
                    default:
                        return CertificateLoader.CheckUsable(Certificate, "-Certificate");
                }
            }
            catch (SignInException exception)
            {
                object target = (object)CertificateThumbprint ?? (object)CertificatePath ?? Certificate?.Thumbprint;
                ThrowTerminatingError(SignInErrorRecord(exception, target));
                return null;
            }
        }

        // A ready token is checked as far as it can be without sending it anywhere: audience, tenant, expiry.
        private Connection ConnectionForAccessToken(Uri graphEndpoint)
        {
            string token = SecureStrings.ToPlainText(AccessToken).Trim();
            if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                token = token.Substring("Bearer ".Length).Trim();
            }

            if (token.Length == 0)
            {
                ThrowInvalidArgument(Strings.EmptyAccessToken, null);
            }

            TokenPayload claims = TokenClaims.Read(token);
            if (claims?.Audience != null && !CloudEnvironment.IsGraphAudience(claims.Audience, graphEndpoint))
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.AccessTokenWrongAudience, string.Format(Strings.AccessTokenWrongAudience, claims.Audience, graphEndpoint), claims.Audience));
            }

            string tenant = TenantId ?? claims?.TenantId;
            if (tenant == null)
            {
                ThrowInvalidArgument(Strings.AccessTokenNoTenant, null);
            }

            if (TenantId != null && claims?.TenantId != null && Guid.TryParse(TenantId, out Guid given) && Guid.TryParse(claims.TenantId, out Guid named) && given != named)
            {
                ThrowInvalidArgument(string.Format(Strings.AccessTokenOtherTenant, claims.TenantId, TenantId), TenantId);
            }

            var tokens = new ProvidedAccessTokenSource(token, claims, tenant);
            if (tokens.HasExpired)
            {
                ThrowTerminatingError(SignInErrorRecord(tokens.Expired(), tenant));
            }

            WriteVerbose(string.Format("Using the given access token for tenant {0}; it is not renewed.", tenant));
            return new Connection(tenant, claims?.AppId, "AccessToken", null, graphEndpoint, Array.Empty<string>(), tokens);
        }

        /// <summary>
        /// Warns now, from the token's roles (app) or scp (user), when it lacks a read permission, rather than leaving the
        /// user to a 403 later. An opaque token says nothing and is left to Graph.
        /// </summary>
        private void WarnOfMissingPermissions(Connection connection, AccessToken token)
        {
            bool? delegated = TokenClaims.IsDelegated(token.Value);
            if (delegated == null)
            {
                return;
            }

            string[] held = connection.Info.Roles ?? Array.Empty<string>();
            bool Holds(string permission) => held.Any(role => string.Equals(role, permission, StringComparison.OrdinalIgnoreCase));
            var missing = new List<string>();
            var uses = new List<string>();
            if (!Holds(HealthPermission))
            {
                missing.Add(HealthPermission);
                uses.Add(Strings.MissingHealthUse);
            }

            if (!Holds(MessagePermission))
            {
                missing.Add(MessagePermission);
                uses.Add(Strings.MissingMessageUse);
            }

            if (missing.Count == 0)
            {
                return;
            }

            WriteWarning(string.Format(
                Strings.MissingReadPermissions,
                connection.TenantId,
                string.Join(" and ", missing),
                delegated == true ? Strings.DelegatedPermissions : Strings.ApplicationPermissions,
                held.Length == 0 ? "none" : string.Join(", ", held),
                string.Join(" and ", uses),
                connection.Info.ClientId ?? "(unknown)",
                connection.Info.AuthType));
        }

        // Through the host, as Write-Host does: the device code appears in the console, transcripts and runbook output.
        private void WriteToHost(string message) =>
            WriteInformation(new HostInformationMessage { Message = DisplayText.ForPeople(message) }, new[] { "PSHOST" });

        private void RefusePlainText(string parameter, SecureString value)
        {
            if (SecureStringArgumentAttribute.CameAsPlainText(value))
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.PlainTextSecret, string.Format(Strings.PlainTextSecret, parameter), "-" + parameter));
            }
        }

        private void CheckClientId(string clientId, string format)
        {
            if (!Guid.TryParse(clientId, out _))
            {
                ThrowInvalidArgument(string.Format(format, Strings.Quote(clientId)), clientId);
            }
        }

        private void ValidateEndpoints(Uri authorityHost, Uri graphEndpoint)
        {
            if (!authorityHost.IsAbsoluteUri || authorityHost.Scheme != Uri.UriSchemeHttps)
            {
                ThrowInvalidArgument(Strings.AuthorityMustBeHttps, authorityHost);
            }

            if (!graphEndpoint.IsAbsoluteUri || graphEndpoint.Scheme != Uri.UriSchemeHttps)
            {
                ThrowInvalidArgument(Strings.GraphEndpointMustBeHttps, graphEndpoint);
            }

            string extra = EndpointRules.BeyondHost(authorityHost);
            if (extra != null)
            {
                ThrowInvalidArgument(string.Format(Strings.AuthorityHostWithPath, authorityHost.OriginalString, extra), authorityHost);
            }

            extra = EndpointRules.BeyondHost(graphEndpoint);
            if (extra != null)
            {
                ThrowInvalidArgument(string.Format(Strings.GraphEndpointWithPath, graphEndpoint.OriginalString, extra), graphEndpoint);
            }
        }

        private void ThrowInvalidArgument(string message, object target) =>
            ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, message, target));
    }
}
