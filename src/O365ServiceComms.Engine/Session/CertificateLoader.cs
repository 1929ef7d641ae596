using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace O365ServiceComms.Session
{
    /// <summary>Finds the app's certificate (by thumbprint in the certificate stores, or in a PFX file) and checks it can sign.</summary>
    internal static class CertificateLoader
    {
        /// <summary>CurrentUser\My, then LocalMachine\My (Windows only: elsewhere .NET has no LocalMachine\My).</summary>
        public static X509Certificate2 FromStore(string thumbprint)
        {
            string wanted = NormalizeThumbprint(thumbprint);
            if (wanted.Length != 40)
            {
                throw new SignInException(string.Format(Strings.ThumbprintNotValid, thumbprint), ServiceCommsErrorKind.InvalidArgument);
            }

            var searched = new List<string>();
            foreach (StoreLocation location in StoreLocations())
            {
                searched.Add(location + "\\My");
                X509Certificate2 found = FindIn(location, wanted);
                if (found != null)
                {
                    return CheckUsable(found, thumbprint);
                }
            }

            throw new SignInException(
                string.Format(Strings.CertificateNotInStore, thumbprint, string.Join(", ", searched)),
                ServiceCommsErrorKind.CertificateNotFound);
        }

        /// <summary>A PFX (PKCS#12) file with the private key; the password may be null for a file without one.</summary>
        public static X509Certificate2 FromFile(string path, SecureString password)
        {
            if (!File.Exists(path))
            {
                throw new SignInException(string.Format(Strings.CertificateFileNotFound, path), ServiceCommsErrorKind.CertificateNotFound);
            }

            X509Certificate2 certificate;
            try
            {
                try
                {
                    certificate = Open(path, password, PfxKeyStorage);
                }
                catch (Exception exception) when (exception is PlatformNotSupportedException || exception is ArgumentException)
                {
                    // macOS has no ephemeral keys (nor has .NET Framework before 4.7.2): there the key goes to a
                    // temporary keychain or key container, removed again when the certificate is disposed.
                    certificate = Open(path, password, X509KeyStorageFlags.DefaultKeySet);
                }
            }
            catch (CryptographicException exception)
            {
                throw new SignInException(
                    string.Format(Strings.CertificateFileNotReadable, path, exception.Message), ServiceCommsErrorKind.CertificateNotReadable);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new SignInException(
                    string.Format(Strings.CertificateFileNotReadable, path, exception.Message), ServiceCommsErrorKind.CertificateNotReadable);
            }

            return CheckUsable(certificate, path);
        }

        /// <summary>
        /// How a PFX's private key is loaded: EphemeralKeySet keeps it in memory only, on .NET Framework 4.7.2 and later
        /// (Windows PowerShell 5.1) as on .NET, so nothing is written to the user's key store (DefaultKeySet would write a
        /// key file under the user's profile on Windows, left behind if the process ends without disposing it). MSAL signs
        /// the client assertion with GetRSAPrivateKey(), which works with an ephemeral CNG key; only SChannel (TLS client
        /// certificates) needs a persisted key, and the module does not use one for TLS.
        /// </summary>
        // X509KeyStorageFlags.EphemeralKeySet (32), by value: the netstandard2.0 reference the cmdlets compile against lacks it.
        internal const X509KeyStorageFlags PfxKeyStorage = (X509KeyStorageFlags)32;

        private static X509Certificate2 Open(string path, SecureString password, X509KeyStorageFlags flags) =>
            password == null ? new X509Certificate2(path, (string)null, flags) : new X509Certificate2(path, password, flags);

        /// <summary>A certificate object given as it is: it must hold an RSA private key.</summary>
        public static X509Certificate2 CheckUsable(X509Certificate2 certificate, object source)
        {
            bool hasKey;
            try
            {
                using (RSA key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null)
                {
                    hasKey = key != null;
                }
            }
            catch (CryptographicException)
            {
                hasKey = false;
            }

            if (!hasKey)
            {
                throw new SignInException(
                    string.Format(Strings.CertificateWithoutPrivateKey, Describe(certificate), source),
                    ServiceCommsErrorKind.CertificateWithoutPrivateKey);
            }

            return certificate;
        }

        /// <summary>"CN=... (thumbprint ..., valid until ...)" for messages; a certificate is public, so this leaks nothing.</summary>
        public static string Describe(X509Certificate2 certificate) =>
            string.Format("{0} (thumbprint {1}, valid {2:u} to {3:u})",
                certificate.Subject, certificate.Thumbprint, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());

        private static IEnumerable<StoreLocation> StoreLocations()
        {
            yield return StoreLocation.CurrentUser;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                yield return StoreLocation.LocalMachine;
            }
        }

        private static X509Certificate2 FindIn(StoreLocation location, string thumbprint)
        {
            try
            {
                using (var store = new X509Store(StoreName.My, location))
                {
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    X509Certificate2Collection matches = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
                    return matches.Count == 0 ? null : matches[0];
                }
            }
            catch (CryptographicException)
            {
                // A store that does not exist yet holds no certificate.
                return null;
            }
        }

        // Thumbprints are often copied with spaces or colons (certlm.msc, openssl) or an invisible mark in front.
        private static string NormalizeThumbprint(string thumbprint)
        {
            var chars = new List<char>(thumbprint.Length);
            foreach (char c in thumbprint)
            {
                if (Uri.IsHexDigit(c))
                {
                    chars.Add(char.ToUpperInvariant(c));
                }
            }

            return new string(chars.ToArray());
        }
    }
}
