using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// App-only tokens with a certificate credential: MSAL signs a client assertion with the certificate's private key,
    /// and the sign-in service checks it against the public key registered on the app. Like a secret, the MSAL
    /// application object lives as long as the connection, so one token serves until it nears expiry.
    /// </summary>
    internal sealed class CertificateTokenSource : IAccessTokenSource, IDisposable
    {
        private readonly IConfidentialClientApplication _app;
        private readonly X509Certificate2 _certificate;
        private readonly string _tenantId;
        private readonly string _clientId;
        private readonly Uri _authority;
        private readonly bool _ownsCertificate;

        public CertificateTokenSource(Uri authorityHost, string tenantId, string clientId, X509Certificate2 certificate, Uri graphEndpoint, Net.HttpTransport transport = null,
            bool ownsCertificate = false)
        {
            _tenantId = tenantId;
            _clientId = clientId;
            _certificate = certificate;
            _ownsCertificate = ownsCertificate;
            _authority = MsalApplications.Authority(authorityHost, tenantId);
            Scopes = new[] { MsalApplications.GraphResource(graphEndpoint) + "/.default" };
            _app = ConfidentialClientApplicationBuilder.Create(clientId)
                .WithCertificate(certificate, sendX5C: false)
                .WithTenantAuthority(authorityHost, tenantId)
                .WithModuleHttp(transport)
                .Build();
        }

        public string[] Scopes { get; }

        /// <summary>Subject, thumbprint and validity, for messages.</summary>
        public string CertificateDescription => CertificateLoader.Describe(_certificate);

        /// <summary>
        /// Disconnect: a certificate the module loaded (from a file or a store) is disposed, which frees its private key
        /// at once; one the caller passed with -Certificate is the caller's.
        /// </summary>
        public void Dispose()
        {
            if (_ownsCertificate)
            {
                _certificate.Dispose();
            }
        }

        public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken) =>
            MsalApplications.AcquireForClient(
                _app, Scopes, forceRefresh, _authority,
                exception => CertificateError(exception) ?? SignInErrors.FromService(exception, _tenantId, _clientId), cancellationToken);

        // AADSTS700027: the assertion's key is not registered on the app, or the registered key has expired.
        private SignInException CertificateError(MsalServiceException exception)
        {
            string reason = SignInErrors.FirstLine(exception.Message);
            if (!reason.Contains("AADSTS700027"))
            {
                return null;
            }

            bool expired = _certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow || reason.IndexOf("expired", StringComparison.OrdinalIgnoreCase) >= 0;
            string hint = expired
                ? string.Format(Strings.SignInHintCertificateExpired, CertificateDescription)
                : string.Format(Strings.SignInHintCertificateNotRegistered, CertificateDescription);
            return new SignInException(
                string.Format(Strings.SignInFailed, _tenantId, _clientId, reason, hint),
                expired ? ServiceCommsErrorKind.CertificateExpired : ServiceCommsErrorKind.InvalidClientCertificate);
        }
    }
}
