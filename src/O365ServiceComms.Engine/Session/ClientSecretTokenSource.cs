using System;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// App-only tokens with a client secret (client credentials). The MSAL application object lives as long as the
    /// connection, so its cache serves one token until it has less than five minutes left.
    /// </summary>
    internal sealed class ClientSecretTokenSource : IAccessTokenSource
    {
        private readonly IConfidentialClientApplication _app;
        private readonly string _tenantId;
        private readonly string _clientId;
        private readonly Uri _authority;

        public ClientSecretTokenSource(Uri authorityHost, string tenantId, string clientId, string clientSecret, Uri graphEndpoint, Net.HttpTransport transport = null)
        {
            _tenantId = tenantId;
            _clientId = clientId;
            _authority = MsalApplications.Authority(authorityHost, tenantId);
            Scopes = new[] { MsalApplications.GraphResource(graphEndpoint) + "/.default" };
            _app = ConfidentialClientApplicationBuilder.Create(clientId)
                .WithClientSecret(clientSecret)
                .WithTenantAuthority(authorityHost, tenantId)
                .WithModuleHttp(transport)
                .Build();
        }

        public string[] Scopes { get; }

        public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken) =>
            MsalApplications.AcquireForClient(
                _app, Scopes, forceRefresh, _authority,
                exception => SignInErrors.FromService(exception, _tenantId, _clientId), cancellationToken);
    }

    /// <summary>Turns MSAL's failures into messages that say what went wrong and what to do.</summary>
    internal static class SignInErrors
    {
        public static SignInException FromService(MsalServiceException exception, string tenantId, string clientId)
        {
            string reason = EntraReason(exception.Message);
            ServiceCommsErrorKind kind;
            string hint;
            if (reason.Contains("AADSTS7000215") || reason.Contains("AADSTS7000222"))
            {
                kind = ServiceCommsErrorKind.InvalidClientSecret;
                hint = Strings.SignInHintWrongSecret;
            }
            else if (reason.Contains("AADSTS700016"))
            {
                kind = ServiceCommsErrorKind.ApplicationNotFound;
                hint = Strings.SignInHintUnknownApp;
            }
            else if (reason.Contains("AADSTS90002") || reason.Contains("AADSTS900023"))
            {
                kind = ServiceCommsErrorKind.TenantNotFound;
                hint = Strings.SignInHintUnknownTenant;
            }
            else if (reason.Contains("AADSTS65001") || reason.Contains("AADSTS90094") || reason.Contains("AADSTS90008"))
            {
                kind = ServiceCommsErrorKind.ConsentRequired;
                hint = Strings.SignInHintConsentRequired;
            }
            else if (reason.Contains("AADSTS7000218"))
            {
                kind = ServiceCommsErrorKind.SignInFailed;
                hint = Strings.SignInHintPublicClient;
            }
            else if (exception.InnerException is HttpRequestException inner)
            {
                return Unreachable(inner, null);
            }
            else
            {
                kind = ServiceCommsErrorKind.SignInFailed;
                hint = Strings.SignInHintGeneric;
            }

            return new SignInException(string.Format(Strings.SignInFailed, tenantId, clientId, reason, hint), kind);
        }

        public static SignInException FromClient(MsalClientException exception, Uri authority)
        {
            if (exception.InnerException is HttpRequestException inner)
            {
                return Unreachable(inner, authority);
            }

            return new SignInException(FirstLine(exception.Message), ServiceCommsErrorKind.SignInFailed);
        }

        public static SignInException Unreachable(Exception exception, Uri authority)
        {
            Exception innermost = exception;
            bool untrusted = false;
            while (innermost.InnerException != null)
            {
                untrusted |= innermost is System.Security.Authentication.AuthenticationException;
                innermost = innermost.InnerException;
            }

            untrusted |= innermost is System.Security.Authentication.AuthenticationException;
            return new SignInException(
                string.Format(Strings.SignInUnreachable, authority?.GetLeftPart(UriPartial.Authority) ?? "(sign-in endpoint)", innermost.Message)
                + (untrusted ? Strings.UntrustedCertificateHint : string.Empty),
                ServiceCommsErrorKind.SignInEndpointUnreachable);
        }

        /// <summary>
        /// Entra's own words (AADSTS7000215: Invalid client secret provided...): MSAL puts its boilerplate before them
        /// for some errors ("A configuration issue is preventing authentication ... Original exception: AADSTS...").
        /// </summary>
        internal static string EntraReason(string message)
        {
            Match entra = s_entraReason.Match(message ?? string.Empty);
            return entra.Success ? entra.Value.Trim() : FirstLine(message);
        }

        private static readonly Regex s_entraReason = new Regex(@"AADSTS\d+:[^\r\n]*", RegexOptions.CultureInvariant);

        // AADSTS descriptions continue with trace and correlation ids; the first line is the reason.
        internal static string FirstLine(string message)
        {
            if (string.IsNullOrEmpty(message))
            {
                return string.Empty;
            }

            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).Trim();
        }
    }
}
