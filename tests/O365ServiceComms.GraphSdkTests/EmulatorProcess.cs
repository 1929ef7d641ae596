using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using O365ServiceComms.Session;

namespace O365ServiceComms.GraphSdkTests
{
    /// <summary>
    /// The emulator (tests/O365ServiceComms.Emulator, built with the same configuration as this project), started for
    /// the tests of one class, with an app token of its demo tenant and an HttpClient that trusts its certificate only.
    /// </summary>
    public sealed class EmulatorProcess : IDisposable
    {
        // The emulator's demo app, known to nothing but the emulator (tests/EmulatorHost.psm1 holds the same).
        private const string Tenant = "contoso.onmicrosoft.com";
        private const string ClientId = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
        private const string ClientSecret = "Demo~Secret~0123456789";

        private readonly Process _process;
        private readonly string _tlsDirectory;

        public EmulatorProcess()
        {
            string outputFolder = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            string configuration = new DirectoryInfo(outputFolder).Parent.Name;
            string root = outputFolder;
            while (!File.Exists(Path.Combine(root, "O365ServiceComms.sln")))
            {
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found above " + outputFolder);
            }

            string dll = Path.Combine(root, "tests", "O365ServiceComms.Emulator", "bin", configuration, "net10.0", "O365ServiceComms.Emulator.dll");
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException("The emulator is not built (" + dll + "); build tests/O365ServiceComms.Emulator first.");
            }

            _tlsDirectory = Path.Combine(Path.GetTempPath(), "o365sc-sdk-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_tlsDirectory);
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { dll, "--tls-dir", _tlsDirectory, "--parent-pid", Environment.ProcessId.ToString() })
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start);
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
            var ready = _process.StandardOutput.ReadLineAsync();
            if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result == null || !ready.Result.StartsWith("READY ", StringComparison.Ordinal))
            {
                Dispose();
                throw new InvalidOperationException("The emulator did not start.");
            }

            BaseUri = new Uri(ready.Result.Substring("READY ".Length).Trim());
            Http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = TrustsEmulatorOnly });
            Token = RequestToken();
        }

        public Uri BaseUri { get; }

        public HttpClient Http { get; }

        public string Token { get; }

        /// <summary>Every page of a Graph collection, as the raw JSON Graph sent.</summary>
        public IEnumerable<string> Pages(string relativeUri)
        {
            string next = new Uri(BaseUri, "v1.0/admin/serviceAnnouncement/" + relativeUri).AbsoluteUri;
            while (next != null)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                request.Headers.Add("Prefer", "odata.maxpagesize=1000");
                using HttpResponseMessage response = Http.Send(request);
                response.EnsureSuccessStatusCode();
                string json = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                yield return json;
                using var document = JsonDocument.Parse(json);
                next = document.RootElement.TryGetProperty("@odata.nextLink", out JsonElement link) ? link.GetString() : null;
            }
        }

        internal IAccessTokenSource TokenSource => new FixedToken(Token);

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10000);
                }
            }
            finally
            {
                _process.Dispose();
                Http?.Dispose();
                try { Directory.Delete(_tlsDirectory, recursive: true); } catch (IOException) { }
            }
        }

        private string RequestToken()
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = ClientId,
                ["client_secret"] = ClientSecret,
                ["scope"] = "https://graph.microsoft.com/.default",
            });
            using HttpResponseMessage response = Http.PostAsync(new Uri(BaseUri, Tenant + "/oauth2/v2.0/token"), form).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return document.RootElement.GetProperty("access_token").GetString();
        }

        // The emulator's own certificate (or CA) is the only root trusted; nothing else is accepted.
        private bool TrustsEmulatorOnly(HttpRequestMessage request, X509Certificate2 certificate, X509Chain chain, SslPolicyErrors errors)
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || certificate == null)
            {
                return false;
            }

            using var own = new X509Chain();
            own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            own.ChainPolicy.CustomTrustStore.ImportFromPemFile(Path.Combine(_tlsDirectory, "emulator.pem"));
            return own.Build(certificate);
        }

        private sealed class FixedToken : IAccessTokenSource
        {
            private readonly string _token;

            public FixedToken(string token) => _token = token;

            public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken) =>
                new AccessToken(_token, DateTimeOffset.UtcNow.AddHours(1));
        }
    }
}
