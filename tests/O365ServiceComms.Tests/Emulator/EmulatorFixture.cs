using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Net;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests.Emulator
{
    /// <summary>
    /// The emulator (tests/O365ServiceComms.Emulator, always on .NET 10) for the engine's tests, on .NET and on .NET
    /// Framework under Mono alike. The engine trusts its test CA through its own extra trusted roots
    /// (<see cref="HttpTransport.ForTrustedRoots"/>), which works on every OS: nothing is added to a store and no
    /// SSL_CERT_FILE is needed.
    /// </summary>
    public sealed class EmulatorFixture : IDisposable
    {
        public const string TenantDomain = "contoso.onmicrosoft.com";
        public const string ClientId = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
        public const string ClientSecret = "Demo~Secret~0123456789";

        private readonly Process _process;

        public EmulatorFixture()
            : this(Environment.GetEnvironmentVariable("O365SC_TLS_DIR") ?? Path.Combine(Path.GetTempPath(), "o365sc-engine-tests-tls"))
        {
        }

        /// <param name="tlsDirectory">null: a CA of its own in a temporary folder, trusted by nothing.</param>
        internal EmulatorFixture(string tlsDirectory)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                Arguments = Quote(EmulatorPath()) + (tlsDirectory == null ? string.Empty : " --tls-dir " + Quote(tlsDirectory))
                    + " --parent-pid " + Process.GetCurrentProcess().Id,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _process = Process.Start(start);
            string authorityFile = tlsDirectory == null ? null : Path.Combine(tlsDirectory, "emulator.pem");
            Task<string> ready = _process.StandardOutput.ReadLineAsync();
            if (tlsDirectory == null)
            {
                // "TLS certificate: <path>" on stderr, before READY.
                Task<string> line = _process.StandardError.ReadLineAsync();
                Assert.True(line.Wait(TimeSpan.FromSeconds(60)), "The emulator said nothing about its certificate.");
                authorityFile = line.Result.Substring(line.Result.IndexOf(':') + 1).Trim();
            }

            if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result == null || !ready.Result.StartsWith("READY ", StringComparison.Ordinal))
            {
                try
                {
                    _process.Kill();
                }
                catch (InvalidOperationException)
                {
                }

                throw new InvalidOperationException("The emulator did not start: " + _process.StandardError.ReadToEnd());
            }

            BaseUri = new Uri(ready.Result.Substring("READY ".Length).Trim() + "/");
            CertificateAuthorityFile = authorityFile;
            Transport = HttpTransport.ForTrustedRoots(authorityFile);
        }

        public Uri BaseUri { get; }

        /// <summary>The emulator's test CA (PEM).</summary>
        public string CertificateAuthorityFile { get; }

        /// <summary>The module's HTTP stack, trusting the emulator's CA.</summary>
        internal HttpTransport Transport { get; }

        internal Connection ConnectWithSecret(string tenant = TenantDomain, string clientId = ClientId, string secret = ClientSecret, HttpTransport transport = null)
        {
            transport = transport ?? Transport;
            var tokens = new ClientSecretTokenSource(BaseUri, tenant, clientId, secret, BaseUri, transport);
            return new Connection(tenant, clientId, "ClientSecret", BaseUri, BaseUri, tokens.Scopes, tokens, transport);
        }

        /// <summary>A control request (POST with a JSON body, or GET); the answer's JSON.</summary>
        public JToken Control(string path, string json = null)
        {
            var request = new HttpRequestMessage(json == null ? HttpMethod.Get : HttpMethod.Post, new Uri(BaseUri, "_emulator/" + path));
            if (json != null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using (request)
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            using (HttpResponseMessage response = Transport.Graph.SendAsync(request, timeout.Token).GetAwaiter().GetResult())
            {
                string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                Assert.True(response.IsSuccessStatusCode, "POST /_emulator/" + path + ": " + (int)response.StatusCode + " " + body);
                return body.Length == 0 ? null : JToken.Parse(body);
            }
        }

        public void Reset()
        {
            Control("reset", "{}");
            Control("scale/reset", "{}");
        }

        public void AddFault(string json) => Control("faults", json);

        /// <summary>The Graph requests logged since the last reset (control requests are not logged).</summary>
        public JArray Requests() => (JArray)Control("requests");

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(10000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private static string Quote(string value) => "\"" + value + "\"";

        private static string EmulatorPath()
        {
            string configuration = Environment.GetEnvironmentVariable("O365SC_CONFIGURATION");
            for (DirectoryInfo folder = new DirectoryInfo(TestFolder.Path); folder != null; folder = folder.Parent)
            {
                foreach (string candidate in configuration == null ? new[] { "Release", "Debug" } : new[] { configuration })
                {
                    string path = Path.Combine(folder.FullName, "tests", "O365ServiceComms.Emulator", "bin", candidate, "net10.0", "O365ServiceComms.Emulator.dll");
                    if (File.Exists(path))
                    {
                        return path;
                    }
                }
            }

            throw new FileNotFoundException("The emulator is not built: dotnet build tests/O365ServiceComms.Emulator -c Release");
        }
    }

    /// <summary>One emulator for every test class that talks to it; they run one after the other, as faults are shared.</summary>
    [CollectionDefinition(Name)]
    public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
    {
        public const string Name = "Emulator";
    }
}
