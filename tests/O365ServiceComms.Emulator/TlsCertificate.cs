using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The emulator's HTTPS certificate: DIR/emulator.pem (certificate, also what clients put in SSL_CERT_FILE)
/// and DIR/emulator.key (PKCS#8 private key). Loaded when both exist, otherwise created.
/// </summary>
internal static class TlsCertificate
{
    public const string CertificateFileName = "emulator.pem";
    public const string KeyFileName = "emulator.key";
    private const string LockFileName = ".emulator.lock";
    private const string SubjectName = "CN=O365ServiceComms Emulator";

    public static X509Certificate2 LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);

        // Emulators started in parallel on one directory must agree on a single certificate.
        using var directoryLock = AcquireLock(Path.Combine(directory, LockFileName));

        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = TryLoad(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));
            if (existing is not null)
            {
                return existing;
            }
        }

        var (certificatePem, keyPem) = CreateSelfSigned();
        WriteAtomically(keyPath, keyPem, privateFile: true);
        WriteAtomically(certificatePath, certificatePem, privateFile: false);
        return ForKestrel(certificatePem, keyPem);
    }

    private static X509Certificate2? TryLoad(string certificatePem, string keyPem)
    {
        try
        {
            var certificate = ForKestrel(certificatePem, keyPem);
            if (certificate.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(1))
            {
                return certificate;
            }
            certificate.Dispose();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // Unreadable or mismatched pair: replace it.
        }
        return null;
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

    private static (string CertificatePem, string KeyPem) CreateSelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(SubjectName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // CA=true lets OpenSSL (SSL_CERT_FILE) take this self-signed certificate as a trust anchor.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign,
            critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        subjectAlternativeNames.AddIpAddress(IPAddress.Loopback);
        subjectAlternativeNames.AddDnsName("localhost");
        request.CertificateExtensions.Add(subjectAlternativeNames.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        return (certificate.ExportCertificatePem() + "\n", rsa.ExportPkcs8PrivateKeyPem() + "\n");
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
