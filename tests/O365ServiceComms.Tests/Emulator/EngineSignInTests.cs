using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests.Emulator
{
    /// <summary>App-only sign-in against the emulator's token endpoint, through MSAL and the module's HTTP stack.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class EngineSignInTests
    {
        private readonly EmulatorFixture _emulator;

        public EngineSignInTests(EmulatorFixture emulator)
        {
            _emulator = emulator;
            _emulator.Reset();
        }

        [Fact]
        public void SignsInWithASecretAndNotesTheTokensTenantAndRoles()
        {
            Connection connection = _emulator.ConnectWithSecret();
            connection.Tokens.GetToken(forceRefresh: false, CancellationToken.None);

            Assert.Equal(Guid.Parse("b0b8e1f4-6c3a-4a1e-9d62-2f5c8e7a9c10"), connection.Info.TenantGuid);
            Assert.Contains("ServiceHealth.Read.All", connection.Info.Roles);
            Assert.True(connection.TokenExpiresOn > DateTime.Now.AddMinutes(30));
            JToken tokenRequest = _emulator.Requests().Single(r => (string)r["grantType"] == "client_credentials");
            Assert.Equal("client_secret", (string)tokenRequest["clientAuthentication"]);
        }

        [Fact]
        public void ServesTheSecondTokenFromMsalsCache()
        {
            Connection connection = _emulator.ConnectWithSecret();
            string first = connection.Tokens.GetToken(false, CancellationToken.None).Value;
            string second = connection.Tokens.GetToken(false, CancellationToken.None).Value;

            Assert.Equal(first, second);
            Assert.Single(_emulator.Requests(), r => (string)r["grantType"] == "client_credentials");
        }

        [Theory]
        [InlineData(EmulatorFixture.TenantDomain, EmulatorFixture.ClientId, "wrong~secret", ServiceCommsErrorKind.InvalidClientSecret)]
        [InlineData(EmulatorFixture.TenantDomain, "11111111-2222-3333-4444-555555555555", "x", ServiceCommsErrorKind.ApplicationNotFound)]
        [InlineData("nosuchtenant.onmicrosoft.com", EmulatorFixture.ClientId, EmulatorFixture.ClientSecret, ServiceCommsErrorKind.TenantNotFound)]
        public void SaysWhatIsWrongWithTheSignIn(string tenant, string clientId, string secret, ServiceCommsErrorKind kind)
        {
            Connection connection = _emulator.ConnectWithSecret(tenant, clientId, secret);
            var failure = Assert.Throws<SignInException>(() => connection.Tokens.GetToken(false, CancellationToken.None));
            Assert.Equal(kind, failure.Kind);
            Assert.DoesNotContain(EmulatorFixture.ClientSecret, failure.Message);
        }

        [Fact]
        public void SignsInWithACertificateFromAPfxFileAndFreesItOnDisconnect()
        {
            string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "o365sc-cert-" + Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                string pfx = Path.Combine(folder, "app.pfx");
                File.WriteAllBytes(pfx, TestCertificates.CreatePfx("CN=O365ServiceComms engine test", out byte[] publicCertificate));
                _emulator.Control("apps/" + EmulatorFixture.ClientId + "/certificates", new JObject { ["certificate"] = Convert.ToBase64String(publicCertificate) }.ToString());

                X509Certificate2 certificate = CertificateLoader.FromFile(pfx, password: null);
                var tokens = new CertificateTokenSource(_emulator.BaseUri, EmulatorFixture.TenantDomain, EmulatorFixture.ClientId, certificate, _emulator.BaseUri, _emulator.Transport, ownsCertificate: true);
                var connection = new Connection(EmulatorFixture.TenantDomain, EmulatorFixture.ClientId, "Certificate", _emulator.BaseUri, _emulator.BaseUri, tokens.Scopes, tokens, _emulator.Transport);

                Assert.Equal(27, connection.Graph.GetCollection<GraphServiceHealth>("healthOverviews", CancellationToken.None).Count());
                JToken tokenRequest = _emulator.Requests().Single(r => (string)r["grantType"] == "client_credentials");
                Assert.StartsWith("private_key_jwt", (string)tokenRequest["clientAuthentication"]);

                Assert.NotEqual(IntPtr.Zero, certificate.Handle);
                var store = new ConnectionStore();
                store.Add(connection);
                store.Clear();
                Assert.Equal(IntPtr.Zero, certificate.Handle);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void NamesTheCertificateTheAppDoesNotKnow()
        {
            using (X509Certificate2 certificate = TestCertificates.Create("CN=Never registered"))
            {
                var tokens = new CertificateTokenSource(_emulator.BaseUri, EmulatorFixture.TenantDomain, EmulatorFixture.ClientId, certificate, _emulator.BaseUri, _emulator.Transport);
                var failure = Assert.Throws<SignInException>(() => tokens.GetToken(false, CancellationToken.None));
                Assert.Equal(ServiceCommsErrorKind.InvalidClientCertificate, failure.Kind);
                Assert.Contains(certificate.Thumbprint, failure.Message);

                // A certificate the caller passed (-Certificate) is the caller's: Disconnect leaves it usable.
                tokens.Dispose();
                Assert.NotEqual(IntPtr.Zero, certificate.Handle);
            }
        }

        [Fact]
        public void LoadsAPfxKeyInMemoryOnly()
        {
            Assert.Equal((X509KeyStorageFlags)32, CertificateLoader.PfxKeyStorage);
            Assert.Equal("EphemeralKeySet", CertificateLoader.PfxKeyStorage.ToString());
        }
    }

    /// <summary>
    /// Self-signed certificates with their private keys, as PFX: made with CertificateRequest (.NET, .NET Framework
    /// 4.7.2), or with openssl under Mono, which lacks CertificateRequest and cannot read back a PFX it exported itself.
    /// </summary>
    internal static class TestCertificates
    {
        public static X509Certificate2 Create(string subject) =>
            new X509Certificate2(CreatePfx(subject, out _), string.Empty, X509KeyStorageFlags.Exportable);

        public static byte[] CreatePfx(string subject, out byte[] publicCertificate)
        {
            byte[] pfx = Type.GetType("Mono.Runtime") != null ? CreateWithOpenSsl(subject) : CreateWithCertificateRequest(subject);
            using (var certificate = new X509Certificate2(pfx, string.Empty))
            {
                publicCertificate = certificate.RawData;
            }

            return pfx;
        }

        private static byte[] CreateWithOpenSsl(string subject)
        {
            string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "o365sc-openssl-" + Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                string key = Path.Combine(folder, "key.pem"), certificate = Path.Combine(folder, "cert.pem"), pfx = Path.Combine(folder, "cert.pfx");
                OpenSsl("req -x509 -newkey rsa:2048 -nodes -days 30 -subj \"/" + subject + "\" -keyout \"" + key + "\" -out \"" + certificate + "\"");
                // Mono reads PKCS#12 with the classic algorithms only (OpenSSL 3 writes AES by default).
                OpenSsl("pkcs12 -export -passout pass: -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -inkey \"" + key + "\" -in \"" + certificate + "\" -out \"" + pfx + "\"");
                return File.ReadAllBytes(pfx);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static void OpenSsl(string arguments)
        {
            var start = new System.Diagnostics.ProcessStartInfo("openssl", arguments) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            using (System.Diagnostics.Process process = System.Diagnostics.Process.Start(start))
            {
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, "openssl " + arguments + ": " + error);
            }
        }

        // Its own method: Mono fails to compile a method that names CertificateRequest, so only this one may.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static byte[] CreateWithCertificateRequest(string subject)
        {
            using (RSA key = RSA.Create(2048))
            {
                var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using (X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
                {
                    return certificate.Export(X509ContentType.Pkcs12, string.Empty);
                }
            }
        }
    }
}
