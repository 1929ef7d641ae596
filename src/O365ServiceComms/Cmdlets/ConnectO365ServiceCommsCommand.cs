using System;
using System.Management.Automation;
using System.Security;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>Signs in to a tenant and keeps the connection for this PowerShell session.</summary>
    [Cmdlet(VerbsCommunications.Connect, "O365ServiceComms", DefaultParameterSetName = ClientSecretSet)]
    [OutputType(typeof(ServiceCommsConnection))]
    public sealed class ConnectO365ServiceCommsCommand : ServiceCommsCmdlet
    {
        private const string ClientSecretSet = "ClientSecret";
        private const string CredentialSet = "Credential";

        /// <summary>The tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"^[A-Za-z0-9][A-Za-z0-9.\-]{0,252}$")]
        public string TenantId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [ValidateNotNullOrEmpty]
        [Alias("AppId", "ApplicationId")]
        public string ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; }

        /// <summary>The app's client id as user name and its secret as password, as an Azure Automation credential asset holds them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri AuthorityHost { get; set; } = CloudEnvironment.Global.AuthorityHost;

        [Parameter]
        [ValidateNotNull]
        public Uri GraphEndpoint { get; set; } = CloudEnvironment.Global.GraphEndpoint;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            ValidateEndpoints();

            string clientId = ParameterSetName == CredentialSet ? Credential.UserName : ClientId;
            SecureString secret = ParameterSetName == CredentialSet ? Credential.Password : ClientSecret;
            if (!Guid.TryParse(clientId, out _))
            {
                string message = ParameterSetName == CredentialSet
                    ? string.Format(Strings.CredentialUserNameNotClientId, Strings.Quote(clientId))
                    : string.Format(Strings.ClientIdNotGuid, Strings.Quote(clientId));
                ThrowInvalidArgument(message, clientId);
            }

            if (secret.Length == 0)
            {
                ThrowInvalidArgument(Strings.EmptySecret, clientId);
            }

            var tokens = new ClientSecretTokenSource(AuthorityHost, TenantId, clientId, SecureStrings.ToPlainText(secret), GraphEndpoint);
            var connection = new Connection(TenantId, clientId, "ClientSecret", AuthorityHost, GraphEndpoint, tokens.Scopes, tokens);

            WriteVerbose(string.Format("Signing in to tenant {0} as app {1} at {2}.", TenantId, clientId, AuthorityHost));
            try
            {
                // Sign in now, so that a wrong secret or tenant fails here and not at the first query.
                connection.Tokens.GetToken(forceRefresh: false, CancellationToken);
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, TenantId));
            }

            Connections.Add(connection);
            WriteVerbose(string.Format(
                "Connected to tenant {0}; the token expires at {1:u} and is renewed before then.", TenantId, connection.TokenExpiresOn));
            if (PassThru)
            {
                WriteObject(connection.Info);
            }
        }

        private void ValidateEndpoints()
        {
            if (!AuthorityHost.IsAbsoluteUri || AuthorityHost.Scheme != Uri.UriSchemeHttps)
            {
                ThrowInvalidArgument(Strings.AuthorityMustBeHttps, AuthorityHost);
            }

            if (!GraphEndpoint.IsAbsoluteUri || GraphEndpoint.Scheme != Uri.UriSchemeHttps)
            {
                ThrowInvalidArgument(Strings.GraphEndpointMustBeHttps, GraphEndpoint);
            }
        }

        private void ThrowInvalidArgument(string message, object target) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target));
    }
}
