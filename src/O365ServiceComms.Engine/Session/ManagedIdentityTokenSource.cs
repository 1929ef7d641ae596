using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// Tokens of the Azure resource's managed identity (Automation, Functions, App Service, VMs, Arc): MSAL asks the
    /// endpoint the platform provides (IDENTITY_ENDPOINT with IDENTITY_HEADER, or the instance metadata service).
    /// No tenant, secret or certificate: the identity's tenant comes with its token.
    /// </summary>
    internal sealed class ManagedIdentityTokenSource : IAccessTokenSource
    {
        private readonly IManagedIdentityApplication _app;
        private readonly string _resource;
        private readonly string _clientId;
        private bool _signedIn;

        /// <param name="clientId">The client id of a user-assigned identity; null for the system-assigned one.</param>
        public ManagedIdentityTokenSource(string clientId, Uri graphEndpoint)
        {
            _clientId = clientId;
            _resource = MsalApplications.GraphResource(graphEndpoint);
            Scopes = new[] { _resource + "/.default" };
            _app = ManagedIdentityApplicationBuilder
                .Create(clientId == null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.WithUserAssignedClientId(clientId))
                .WithModuleHttp(null)
                .Build();
        }

        public string[] Scopes { get; }

        /// <summary>Where MSAL asks for tokens, for messages: the platform's endpoint (never its secret header).</summary>
        public static string Endpoint
        {
            get
            {
                string endpoint = Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT")
                    ?? Environment.GetEnvironmentVariable("MSI_ENDPOINT");
                return string.IsNullOrEmpty(endpoint) ? "the Azure instance metadata service (169.254.169.254)" : endpoint;
            }
        }

        public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
        {
            try
            {
                // MSAL keeps managed identity tokens in a cache shared by the whole process. Connect asks for a fresh
                // token, so that app roles granted since an earlier connection are in it.
                AuthenticationResult result = _app.AcquireTokenForManagedIdentity(_resource)
                    .WithForceRefresh(forceRefresh || !_signedIn)
                    .ExecuteAsync(cancellationToken)
                    .GetAwaiter().GetResult();
                _signedIn = true;
                return new AccessToken(result.AccessToken, result.ExpiresOn);
            }
            catch (MsalServiceException exception) when (IsUnreachable(exception))
            {
                throw Unreachable(exception);
            }
            catch (MsalServiceException exception)
            {
                throw new SignInException(
                    string.Format(Strings.ManagedIdentityFailed, Identity, Endpoint, SignInErrors.FirstLine(exception.Message)),
                    ServiceCommsErrorKind.ManagedIdentityFailed);
            }
            catch (MsalClientException exception)
            {
                throw Unreachable(exception);
            }
            catch (HttpRequestException exception)
            {
                throw Unreachable(exception);
            }
        }

        private string Identity => _clientId == null
            ? "the system-assigned managed identity"
            : "the user-assigned managed identity " + _clientId;

        private static bool IsUnreachable(MsalServiceException exception) =>
            exception.ErrorCode == MsalError.ManagedIdentityUnreachableNetwork
            || exception.ErrorCode == "managed_identity_all_sources_unavailable"
            || exception.InnerException is HttpRequestException;

        private SignInException Unreachable(Exception exception)
        {
            Exception innermost = exception;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            return new SignInException(
                string.Format(Strings.ManagedIdentityUnreachable, Identity, Endpoint, SignInErrors.FirstLine(innermost.Message)),
                ServiceCommsErrorKind.ManagedIdentityUnreachable);
        }
    }
}
