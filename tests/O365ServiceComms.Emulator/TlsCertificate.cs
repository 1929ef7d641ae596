using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The emulator's HTTPS certificates: a small certificate authority, DIR/emulator.pem (what clients trust: SSL_CERT_FILE,
/// O365SC_TRUSTED_ROOTS, curl --cacert), and the server certificate it signed, DIR/emulator-server.pem with its PKCS#8
/// key DIR/emulator-server.key, which Kestrel serves. A leaf signed by a CA rather than one self-signed certificate,
/// because Mono's TLS (BoringSSL) refuses a self-signed leaf used as its own root. Loaded when all three exist and
/// belong together, otherwise created anew; the CA's key is thrown away once the leaf is signed.
/// </summary>
internal static class TlsCertificate
{
    public const string CertificateFileName = "emulator.pem";
    public const string ServerCertificateFileName = "emulator-server.pem";
    public const string ServerKeyFileName = "emulator-server.key";
    private const string LockFileName = ".emulator.lock";
    private const string AuthorityName = "CN=O365ServiceComms Emulator Test CA";
    private const string ServerName = "CN=O365ServiceComms Emulator";

    public static X509Certificate2 LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var authorityPath = Path.Combine(directory, CertificateFileName);
        var certificatePath = Path.Combine(directory, ServerCertificateFileName);
        var keyPath = Path.Combine(directory, ServerKeyFileName);

        // Emulators started in parallel on one directory must agree on a single certificate.
        using var directoryLock = AcquireLock(Path.Combine(directory, LockFileName));

        if (File.Exists(authorityPath) && File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = TryLoad(File.ReadAllText(authorityPath), File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
            if (existing is not null)
            {
                return existing;
            }
        }

        var (authorityPem, certificatePem, keyPem) = CreateAuthorityAndServer();
        WriteAtomically(keyPath, keyPem, privateFile: true);
        WriteAtomically(certificatePath, certificatePem, privateFile: false);
        WriteAtomically(authorityPath, authorityPem, privateFile: false);
        // Left by emulators before the CA: a self-signed server key nothing uses any more.
        File.Delete(Path.Combine(directory, "emulator.key"));
        return ForKestrel(certificatePem, keyPem);
    }

    private static X509Certificate2? TryLoad(string authorityPem, string certificatePem, string keyPem)
    {
        try
        {
            using var authority = X509Certificate2.CreateFromPem(authorityPem);
            var certificate = ForKestrel(certificatePem, keyPem);
            if (certificate.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(1)
                && authority.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(1)
                && IsSignedBy(certificate, authority))
            {
                return certificate;
            }
            certificate.Dispose();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // Unreadable or mismatched files (or the self-signed certificate of older emulators): replace them.
        }
        return null;
    }

    private static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>
    /// A certificate built from PEM has an ephemeral key that SslStream cannot always use;
    /// a round trip through PKCS#12 gives it a regular one.
    /// </summary>
    private static X509Certificate2 ForKestrel(string certificatePem, string keyPem)
    {
        using var fromPem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
    }

    private static (string AuthorityPem, string CertificatePem, string KeyPem) CreateAuthorityAndServer()
    {
        var now = DateTimeOffset.UtcNow;

        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest(AuthorityName, authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var authorityKeyId = new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false);
        authorityRequest.CertificateExtensions.Add(authorityKeyId);
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest(ServerName, serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        subjectAlternativeNames.AddIpAddress(IPAddress.Loopback);
        subjectAlternativeNames.AddDnsName("localhost");
        request.CertificateExtensions.Add(subjectAlternativeNames.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authorityKeyId));

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var certificate = request.Create(authority, now.AddDays(-1), now.AddYears(2), serial);
        return (authority.ExportCertificatePem() + "\n", certificate.ExportCertificatePem() + "\n", serverKey.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>Temp file + rename: a concurrent reader sees the old file or the whole new one.</summary>
    private static void WriteAtomically(string path, string content, bool privateFile)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        if (privateFile && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static FileStream AcquireLock(string lockPath)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
