using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// Device code sign-in: the user opens the verification page on any device and enters the code shown here. Works
    /// in a terminal without a browser, over SSH, and in runbooks, where the code appears in the job output.
    /// </summary>
    internal sealed class DeviceCodeTokenSource : DelegatedTokenSource
    {
        public DeviceCodeTokenSource(Uri authorityHost, string tenantId, string clientId, Uri graphEndpoint)
            : base(authorityHost, tenantId, clientId, graphEndpoint, redirectUri: null)
        {
        }

        protected override string SwitchName => "-DeviceCode";

        protected override AuthenticationResult AcquireWithUser(Action<string> show, CancellationToken cancellationToken) =>
            CallerThreadMessages.Run(
                post => App.AcquireTokenWithDeviceCode(Scopes, code =>
                {
                    post(code.Message);
                    return Task.CompletedTask;
                }).ExecuteAsync(cancellationToken),
                show,
                cancellationToken);

        protected override SignInException ServiceError(MsalServiceException exception)
        {
            switch (exception.ErrorCode)
            {
                case "expired_token":
                case MsalError.CodeExpired:
                    return DeviceCodeExpired(exception);
                case "authorization_declined":
                case "access_denied":
                    return new SignInException(
                        string.Format(Strings.SignInDeclined, TenantId, SignInErrors.FirstLine(exception.Message)),
                        ServiceCommsErrorKind.SignInDeclined);
                default:
                    return base.ServiceError(exception);
            }
        }

        protected override SignInException ClientError(MsalClientException exception) =>
            exception.ErrorCode == MsalError.CodeExpired ? DeviceCodeExpired(exception) : base.ClientError(exception);

        private SignInException DeviceCodeExpired(Exception exception) =>
            new SignInException(
                string.Format(Strings.DeviceCodeExpired, TenantId, SignInErrors.FirstLine(exception.Message)),
                ServiceCommsErrorKind.DeviceCodeExpired);
    }
}
