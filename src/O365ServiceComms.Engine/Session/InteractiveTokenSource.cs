using System;
using System.Threading;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// Sign-in in the system browser: MSAL listens on http://localhost (the redirect URI the app registration needs)
    /// and opens the browser at the sign-in page. Needs a desktop; where there is none, the user is sent to -DeviceCode.
    /// </summary>
    internal sealed class InteractiveTokenSource : DelegatedTokenSource
    {
        public const string RedirectUri = "http://localhost";

        public InteractiveTokenSource(Uri authorityHost, string tenantId, string clientId, Uri graphEndpoint)
            : base(authorityHost, tenantId, clientId, graphEndpoint, RedirectUri)
        {
        }

        protected override string SwitchName => "-Interactive";

        /// <summary>Whether a browser can be shown here: a desktop session (on Linux, a display), not SSH or a service.</summary>
        public bool CanShowBrowser => ((PublicClientApplication)App).IsUserInteractive() && App.IsSystemWebViewAvailable;

        protected override AuthenticationResult AcquireWithUser(Action<string> show, CancellationToken cancellationToken)
        {
            if (!CanShowBrowser)
            {
                throw NoBrowser(null);
            }

            show(Strings.InteractiveOpeningBrowser);
            return App.AcquireTokenInteractive(Scopes)
                .WithUseEmbeddedWebView(false)
                .WithPrompt(Prompt.SelectAccount)
                .WithSystemWebViewOptions(new SystemWebViewOptions
                {
                    HtmlMessageSuccess = Strings.InteractiveBrowserSuccess,
                    HtmlMessageError = Strings.InteractiveBrowserError,
                })
                .ExecuteAsync(cancellationToken)
                .GetAwaiter().GetResult();
        }

        protected override SignInException ClientError(MsalClientException exception)
        {
            switch (exception.ErrorCode)
            {
                case MsalError.LinuxXdgOpen:
                case MsalError.WebviewUnavailable:
                case "browser_not_found":
                    return NoBrowser(exception);
                case MsalError.AuthenticationCanceledError:
                    return new SignInException(
                        string.Format(Strings.SignInDeclined, TenantId, SignInErrors.FirstLine(exception.Message)),
                        ServiceCommsErrorKind.SignInDeclined);
                default:
                    return base.ClientError(exception);
            }
        }

        private SignInException NoBrowser(Exception exception) =>
            new SignInException(
                string.Format(Strings.InteractiveUnavailable, exception == null ? Strings.InteractiveNoDesktop : SignInErrors.FirstLine(exception.Message)),
                ServiceCommsErrorKind.InteractiveSignInUnavailable);
    }
}
