using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Graph;
using O365ServiceComms.Net;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests.Emulator
{
    /// <summary>
    /// The module's HTTP stack: extra trusted roots (O365SC_TRUSTED_ROOTS) and, on .NET Framework, TLS 1.2 and the
    /// connection limit.
    /// </summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class EngineTransportTests
    {
        private readonly EmulatorFixture _emulator;

        public EngineTransportTests(EmulatorFixture emulator)
        {
            _emulator = emulator;
            _emulator.Reset();
        }

        [Fact]
        public void TrustsAPrivateCaOnlyWhenItIsNamed()
        {
            // An emulator with a CA of its own, which nothing on this machine trusts (SSL_CERT_FILE names another).
            using (var stranger = new EmulatorFixture(tlsDirectory: null))
            {
                Connection trusting = stranger.ConnectWithSecret(transport: HttpTransport.ForTrustedRoots(stranger.CertificateAuthorityFile));
                Assert.Equal(27, trusting.Graph.GetCollection<GraphServiceHealth>("healthOverviews", CancellationToken.None).Count());

                foreach (HttpTransport other in new[] { HttpTransport.ForTrustedRoots(null), HttpTransport.ForTrustedRoots(_emulator.CertificateAuthorityFile) })
                {
                    Connection untrusting = stranger.ConnectWithSecret(transport: other);
                    var signIn = Assert.Throws<SignInException>(() => untrusting.Tokens.GetToken(false, CancellationToken.None));
                    Assert.Equal(ServiceCommsErrorKind.SignInEndpointUnreachable, signIn.Kind);
                    Assert.Contains(HttpTransport.TrustedRootsVariable, signIn.Message);

                    var graph = new GraphClient(stranger.BaseUri, new FakeTokens(), other.Graph);
                    var read = Assert.Throws<GraphRequestException>(() => graph.GetCollection<GraphServiceHealth>("healthOverviews", CancellationToken.None).ToList());
                    Assert.Equal(ServiceCommsErrorKind.ConnectionFailed, read.Kind);
                    Assert.Contains(HttpTransport.TrustedRootsVariable, read.Message);
                }
            }
        }

        [Fact]
        public void RefusesATrustedRootsFileItCannotUse()
        {
            string missing = Path.Combine(Path.GetTempPath(), "o365sc-no-such-ca-" + Guid.NewGuid().ToString("N") + ".pem");
            var notThere = Assert.Throws<SignInException>(() => HttpTransport.ForTrustedRoots(missing));
            Assert.Equal(ServiceCommsErrorKind.TrustedRootsNotUsable, notThere.Kind);
            Assert.Contains(missing, notThere.Message);

            string garbage = Path.GetTempFileName();
            try
            {
                File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
                Assert.Equal(ServiceCommsErrorKind.TrustedRootsNotUsable, Assert.Throws<SignInException>(() => HttpTransport.ForTrustedRoots(garbage)).Kind);
            }
            finally
            {
                File.Delete(garbage);
            }
        }

        [Fact]
        public void ReadsEveryCertificateOfEveryNamedFile()
        {
            string both = Path.GetTempFileName();
            try
            {
                string pem = File.ReadAllText(_emulator.CertificateAuthorityFile);
                File.WriteAllText(both, pem + pem);
                ExtraTrust trust = ExtraTrust.Load(both + Path.PathSeparator + _emulator.CertificateAuthorityFile);
                Assert.Equal(3, trust.Roots.Count);
            }
            finally
            {
                File.Delete(both);
            }
        }

        [Fact]
        public void AddsTls12ToWhatTheProcessOffersAndRemovesNothing()
        {
            const SecurityProtocolType Ssl3AndTls10 = (SecurityProtocolType)(48 | 192);
            Assert.Equal((SecurityProtocolType)(48 | 192 | 3072), NetFrameworkDefaults.WithModernTls(Ssl3AndTls10, tls13: false));
            Assert.Equal((SecurityProtocolType)(48 | 192 | 3072 | 12288), NetFrameworkDefaults.WithModernTls(Ssl3AndTls10, tls13: true));
            // SystemDefault: the operating system chooses, and offers TLS 1.2 where it has it.
            Assert.Equal((SecurityProtocolType)0, NetFrameworkDefaults.WithModernTls(0, tls13: true));
        }

#if NETFRAMEWORK
        [Fact]
        public void OffersTls12OnAProcessLeftAtTls10()
        {
            SecurityProtocolType saved = ServicePointManager.SecurityProtocol;
            try
            {
                // Windows PowerShell 5.1 without SchUseStrongCrypto; the emulator (Kestrel on .NET 10) speaks TLS 1.2 and 1.3 only.
                ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;
                Connection connection = _emulator.ConnectWithSecret();

                Assert.Equal(27, connection.Graph.GetCollection<GraphServiceHealth>("healthOverviews", CancellationToken.None).Count());

                SecurityProtocolType now = ServicePointManager.SecurityProtocol;
                Assert.True(now.HasFlag(SecurityProtocolType.Tls12), now.ToString());
                Assert.True(now.HasFlag(SecurityProtocolType.Tls), now.ToString());
            }
            finally
            {
                ServicePointManager.SecurityProtocol = saved;
            }
        }
#endif

        [Fact]
        public void ReadsEightTenantsOverEightConnectionsAtOnce()
        {
            JArray tenants = (JArray)_emulator.Control("tenants", "{\"count\": 8, \"latencyMs\": 5000}");
            Connection[] connections = tenants.Select(t => _emulator.ConnectWithSecret((string)t["domain"])).ToArray();
            foreach (Connection connection in connections)
            {
                connection.Tokens.GetToken(false, CancellationToken.None);
            }

            _emulator.Control("latency/peak", "{}");
#if NETFRAMEWORK
            int before = ServicePointManager.DefaultConnectionLimit;
            Assert.True(before <= 8, "This runtime allows " + before + " connections per server by default: the test would show nothing.");
#endif
            using (var start = new Barrier(connections.Length))
            {
                Task<int>[] reads = connections.Select(connection => Task.Factory.StartNew(() =>
                {
                    start.SignalAndWait();
                    return connection.Graph.GetCollection<GraphServiceHealth>("healthOverviews", CancellationToken.None).Count();
                }, TaskCreationOptions.LongRunning)).ToArray();
                Assert.True(Task.WaitAll(reads, TimeSpan.FromSeconds(60)));
                Assert.All(reads, read => Assert.Equal(27, read.Result));
            }

            Assert.Equal(8, (int)_emulator.Control("latency/peak", "{}")["peakInFlight"]);
#if NETFRAMEWORK
            // Mono's HttpClientHandler does not hold requests to ServicePoint.ConnectionLimit as .NET Framework's does
            // (8 went through at the default of 2 without the module's change): the limit itself is what shows it here.
            Assert.Equal(HttpTransport.ConnectionsPerServer, ServicePointManager.FindServicePoint(_emulator.BaseUri).ConnectionLimit);
#endif
        }

#if NETFRAMEWORK
        [Fact]
        public void RaisesAServersConnectionLimitButNeverLowersIt()
        {
            var lower = new Uri("https://127.0.0.1:1/");
            var higher = new Uri("https://127.0.0.1:2/");
            ServicePointManager.FindServicePoint(lower).ConnectionLimit = 2;
            ServicePointManager.FindServicePoint(higher).ConnectionLimit = 500;

            NetFrameworkDefaults.RaiseConnectionLimit(lower);
            NetFrameworkDefaults.RaiseConnectionLimit(higher);

            Assert.Equal(HttpTransport.ConnectionsPerServer, ServicePointManager.FindServicePoint(lower).ConnectionLimit);
            Assert.Equal(500, ServicePointManager.FindServicePoint(higher).ConnectionLimit);
        }
#endif
    }
}
