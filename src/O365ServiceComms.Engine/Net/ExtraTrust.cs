using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using O365ServiceComms.Session;

namespace O365ServiceComms.Net
{
    /// <summary>
    /// Certificate authorities trusted on top of the system's (O365SC_TRUSTED_ROOTS): a test emulator's CA, or the CA
    /// of a TLS-inspecting proxy. It only ever adds trust: a server certificate that passes the system's validation
    /// passes; one that fails it passes only when the sole fault is its chain (never its name, never a missing
    /// certificate) and that chain, built again, ends at one of these CAs with no fault but the root being unknown to
    /// the system. Validation is never switched off.
    /// </summary>
    internal sealed class ExtraTrust
    {
        private const string PemBegin = "-----BEGIN CERTIFICATE-----";
        private const string PemEnd = "-----END CERTIFICATE-----";

        private readonly X509Certificate2[] _roots;

        public ExtraTrust(IEnumerable<X509Certificate2> roots) => _roots = roots.ToArray();

        public IReadOnlyList<X509Certificate2> Roots => _roots;

        /// <summary>
        /// The certificates of the files in <paramref name="paths"/> (separated by the platform's path separator), each
        /// PEM (one or more certificates) or DER. A file that is missing or holds no certificate stops the sign-in.
        /// </summary>
        public static ExtraTrust Load(string paths)
        {
            var roots = new List<X509Certificate2>();
            foreach (string path in paths.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0))
            {
                roots.AddRange(ReadCertificates(path));
            }

            return new ExtraTrust(roots);
        }

        private static IReadOnlyList<X509Certificate2> ReadCertificates(string path)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is ArgumentException || exception is NotSupportedException)
            {
                throw NotUsable(path, exception.Message);
            }

            var certificates = new List<X509Certificate2>();
            try
            {
                string text = Encoding.ASCII.GetString(content);
                int start = text.IndexOf(PemBegin, StringComparison.Ordinal);
                if (start < 0)
                {
                    certificates.Add(new X509Certificate2(content));
                }

                while (start >= 0)
                {
                    int end = text.IndexOf(PemEnd, start, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw NotUsable(path, Strings.TrustedRootsPemUnterminated);
                    }

                    string base64 = text.Substring(start + PemBegin.Length, end - start - PemBegin.Length);
                    certificates.Add(new X509Certificate2(Convert.FromBase64String(base64)));
                    start = text.IndexOf(PemBegin, end, StringComparison.Ordinal);
                }
            }
            catch (Exception exception) when (exception is CryptographicException || exception is FormatException)
            {
                throw NotUsable(path, exception.Message);
            }

            return certificates;
        }

        private static SignInException NotUsable(string path, string reason) =>
            new SignInException(
                string.Format(Strings.TrustedRootsNotUsable, HttpTransport.TrustedRootsVariable, path, reason),
                ServiceCommsErrorKind.TrustedRootsNotUsable);

        /// <summary>HttpClientHandler.ServerCertificateCustomValidationCallback.</summary>
        public bool Validate(HttpRequestMessage request, X509Certificate2 certificate, X509Chain chain, SslPolicyErrors errors) =>
            errors == SslPolicyErrors.None
            || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate != null && ChainsToExtraRoot(certificate, chain));

        /// <summary>Whether <paramref name="certificate"/> (with the intermediates of <paramref name="presented"/>) builds to one of these roots.</summary>
        internal bool ChainsToExtraRoot(X509Certificate2 certificate, X509Chain presented)
        {
            if (_roots.Length == 0)
            {
                return false;
            }

            using (var chain = new X509Chain())
            {
                // As HttpClientHandler's own validation (CheckCertificateRevocationList is false): a private CA publishes
                // no revocation list.
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (presented != null)
                {
                    foreach (X509ChainElement element in presented.ChainElements)
                    {
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }

#if NET
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
                if (!chain.Build(certificate))
                {
                    return false;
                }
#else
                // .NET Framework has no custom trust store: the roots go in as candidates, an unknown root is allowed, and
                // the chain must then end at one of them with no other fault.
                chain.ChainPolicy.ExtraStore.AddRange(_roots);
                chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                chain.Build(certificate);
                foreach (X509ChainStatus status in chain.ChainStatus)
                {
                    if ((status.Status & ~X509ChainStatusFlags.UntrustedRoot) != X509ChainStatusFlags.NoError)
                    {
                        return false;
                    }
                }
#endif
                X509ChainElementCollection elements = chain.ChainElements;
                return elements.Count > 0 && IsRoot(elements[elements.Count - 1].Certificate);
            }
        }

        private bool IsRoot(X509Certificate2 certificate) =>
            _roots.Any(root => root.RawData.SequenceEqual(certificate.RawData));
    }
}
