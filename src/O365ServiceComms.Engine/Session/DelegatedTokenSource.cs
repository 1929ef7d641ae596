using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// Tokens of a signed-in admin (delegated permissions) through a public client app. The user signs in once, in
    /// <see cref="SignIn"/>; after that MSAL renews the token silently with its refresh token, and when that is no
    /// longer possible the user is told to connect again (never prompted in the middle of a query).
    /// </summary>
    internal abstract class DelegatedTokenSource : IAccessTokenSource
    {
        private IAccount _account;

        protected DelegatedTokenSource(Uri authorityHost, string tenantId, string clientId, Uri graphEndpoint, string redirectUri)
        {
            TenantId = tenantId;
            ClientId = clientId;
            Authority = MsalApplications.Authority(authorityHost, tenantId);
            Scopes = ScopesFor(graphEndpoint);
            PublicClientApplicationBuilder builder = PublicClientApplicationBuilder.Create(clientId).WithTenantAuthority(authorityHost, tenantId).WithModuleHttp(null);
            App = (redirectUri == null ? builder : builder.WithRedirectUri(redirectUri)).Build();
        }

        /// <summary>
        /// The delegated permissions the module needs, e.g. https://graph.microsoft.com/ServiceHealth.Read.All; with
        /// ServiceMessageViewpoint.Write, which Set-O365ServiceMessage needs and a user may consent to without an admin.
        /// </summary>
        public string[] Scopes { get; }

        protected IPublicClientApplication App { get; }

        protected string TenantId { get; }

        protected string ClientId { get; }

        protected Uri Authority { get; }

        /// <summary>The Connect-O365ServiceComms switch of this sign-in, for messages: -DeviceCode or -Interactive.</summary>
        protected abstract string SwitchName { get; }

        public static string[] ScopesFor(Uri graphEndpoint)
        {
            string resource = MsalApplications.GraphResource(graphEndpoint);
            return new[] { resource + "/ServiceHealth.Read.All", resource + "/ServiceMessage.Read.All", resource + "/ServiceMessageViewpoint.Write" };
        }

        /// <summary>The user's sign-in. <paramref name="show"/> is called on the calling thread with text for the user.</summary>
        public void SignIn(Action<string> show, CancellationToken cancellationToken)
        {
            try
            {
                _account = AcquireWithUser(show, cancellationToken).Account;
            }
            catch (MsalServiceException exception)
            {
                throw ServiceError(exception);
            }
            catch (MsalClientException exception)
            {
                throw ClientError(exception);
            }
            catch (HttpRequestException exception)
            {
                throw SignInErrors.Unreachable(exception, Authority);
            }
        }

        public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (_account == null)
            {
                throw new InvalidOperationException("SignIn must come before GetToken.");
            }

            try
            {
                AuthenticationResult result = App.AcquireTokenSilent(Scopes, _account)
                    .WithForceRefresh(forceRefresh)
                    .ExecuteAsync(cancellationToken)
                    .GetAwaiter().GetResult();
                return new AccessToken(result.AccessToken, result.ExpiresOn);
            }
            catch (MsalUiRequiredException exception)
            {
                throw new SignInException(
                    string.Format(Strings.SignInRequired, _account.Username, TenantId, SignInErrors.FirstLine(exception.Message), ClientId, SwitchName),
                    ServiceCommsErrorKind.SignInRequired);
            }
            catch (MsalServiceException exception)
            {
                throw SignInErrors.FromService(exception, TenantId, ClientId);
            }
            catch (MsalClientException exception)
            {
                throw SignInErrors.FromClient(exception, Authority);
            }
            catch (HttpRequestException exception)
            {
                throw SignInErrors.Unreachable(exception, Authority);
            }
        }

        /// <summary>The one step with the user: device code, browser.</summary>
        protected abstract AuthenticationResult AcquireWithUser(Action<string> show, CancellationToken cancellationToken);

        protected virtual SignInException ServiceError(MsalServiceException exception) => SignInErrors.FromService(exception, TenantId, ClientId);

        protected virtual SignInException ClientError(MsalClientException exception) => SignInErrors.FromClient(exception, Authority);
    }
}
