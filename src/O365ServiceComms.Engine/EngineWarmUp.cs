using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
#if NET
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
#endif
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Graph;
using O365ServiceComms.Net;
using O365ServiceComms.Session;

namespace O365ServiceComms
{
    /// <summary>
    /// Gets ready, nothing sent anywhere, what a cold runbook's Connect-O365ServiceComms and first read need before
    /// they are asked for: the platform's trust store (loaded by the first certificate chain a process builds), then
    /// a client-secret sign-in and a status read run once against answers made in memory (MSAL's request pipeline and
    /// JSON, the Graph client and reader, the mapping). Run on a background thread from import on PowerShell 7 (the
    /// cmdlets' BackgroundWarmUp). The HTTP and TLS stacks below are left to the real request: an exchange in memory
    /// through them cost the warm-up more than it saved the runbook.
    /// </summary>
    internal static class EngineWarmUp
    {
        private static readonly Uri s_host = new Uri("https://warm-up.invalid/");
        private const string TenantId = "00000000-0000-0000-0000-00000000a11a";
        private const string ClientId = "00000000-0000-0000-0000-00000000c11e";

        /// <summary>Never throws: whatever fails here fails again, with its own message, when it is really used.</summary>
        public static void Run()
        {
            LoadTrustStore();
            TryRun(out _);
        }

        /// <summary>
        /// Whether the sign-in and the read both went through; <paramref name="requests"/> lists what was asked of the
        /// answers made in memory ("POST /path"), which is everything the warm-up asks for.
        /// </summary>
        internal static bool TryRun(out IReadOnlyList<string> requests)
        {
            var answers = new CannedAnswers();
            requests = answers.Requests;
            try
            {
                HttpTransport transport = HttpTransport.Over(answers);
                var tokens = new ClientSecretTokenSource(s_host, TenantId, ClientId, "warm-up", s_host, transport);
                using (var connection = new Connection(TenantId, ClientId, "ClientSecret", s_host, s_host, tokens.Scopes, tokens, transport))
                {
                    AccessToken token = connection.Tokens.GetToken(forceRefresh: false, CancellationToken.None);
                    TokenClaims.IsDelegated(token.Value);
                    List<GraphServiceHealth> services = ServiceStatusReader.Read(connection, connection.Graph, withIssues: true, CancellationToken.None, out ServiceCatalog catalog);
                    var mapper = new ModelMapper(connection.TenantId, catalog);
                    int incidents = 0;
                    foreach (GraphServiceHealth service in services)
                    {
                        incidents += mapper.ToStatus(service, DateTime.Now).ActiveIncidents.Length;
                    }

                    return incidents == 1;
                }
            }
            catch (Exception)
            {
                // Nothing to report: the warm-up only saves time.
                return false;
            }
        }

        /// <summary>
        /// Builds a chain for a certificate made for the occasion against the system's roots, as the first TLS
        /// connection of a process does; the chain is not trusted, and nothing is fetched (no revocation check, no
        /// certificate downloads). Linux only, where the trust store is files that OpenSSL reads: Windows may ask
        /// Windows Update about a root it does not know. Returns whether a chain was built at all (its trust aside).
        /// </summary>
        internal static bool LoadTrustStore()
        {
#if NET
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }

            try
            {
                using (ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                using (X509Certificate2 certificate = new CertificateRequest("CN=warm-up.invalid", key, HashAlgorithmName.SHA256)
                    .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)))
                using (var chain = new X509Chain())
                {
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.DisableCertificateDownloads = true;
                    chain.Build(certificate);
                    return chain.ChainElements.Count > 0;
                }
            }
            catch (Exception)
            {
                return false;
            }
#else
            return false;
#endif
        }

        private static string Base64Url(string json) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>The token endpoint's and healthOverviews' answers, in the process; every request noted.</summary>
        private sealed class CannedAnswers : HttpMessageHandler
        {
            public readonly List<string> Requests = new List<string>();

            private static readonly string s_token =
                Base64Url("{\"typ\":\"JWT\",\"alg\":\"none\"}") + "." +
                Base64Url("{\"aud\":\"https://warm-up.invalid\",\"tid\":\"" + TenantId + "\",\"appid\":\"" + ClientId + "\",\"idtyp\":\"app\",\"roles\":[\"ServiceHealth.Read.All\",\"ServiceMessage.Read.All\"],\"exp\":4102444800}") + ".";

            private static readonly string s_tokenAnswer =
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"" + s_token + "\"}";

            private const string StatusPage =
                "{\"@odata.context\":\"https://warm-up.invalid/v1.0/$metadata#admin/serviceAnnouncement/healthOverviews(issues())\",\"value\":[" +
                "{\"service\":\"Exchange Online\",\"status\":\"serviceDegradation\",\"id\":\"Exchange\",\"issues\":[" +
                "{\"startDateTime\":\"2020-11-04T00:00:00Z\",\"endDateTime\":null,\"lastModifiedDateTime\":\"2020-11-20T17:56:31.39Z\"," +
                "\"title\":\"Warm-up\",\"id\":\"EX1\",\"impactDescription\":\"Warm-up\",\"classification\":\"incident\",\"origin\":\"microsoft\"," +
                "\"status\":\"serviceDegradation\",\"service\":\"Exchange Online\",\"feature\":\"Warm-up\",\"featureGroup\":\"Warm-up\",\"isResolved\":false," +
                "\"details\":[],\"posts\":[{\"createdDateTime\":\"2020-11-12T07:07:38.97Z\",\"postType\":\"regular\",\"description\":{\"contentType\":\"html\",\"content\":\"Warm-up\"}}]}]}," +
                "{\"service\":\"SharePoint Online\",\"status\":\"serviceOperational\",\"id\":\"SharePoint\",\"issues\":[]}]}";

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                lock (Requests)
                {
                    Requests.Add(request.Method.Method + " " + request.RequestUri.PathAndQuery);
                }

                string path = request.RequestUri.AbsolutePath;
                string json = path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) ? s_tokenAnswer
                    : path.EndsWith("/healthOverviews", StringComparison.Ordinal) ? StatusPage
                    : null;
                var response = new HttpResponseMessage(json == null ? HttpStatusCode.NotFound : HttpStatusCode.OK) { RequestMessage = request };
                if (json != null)
                {
                    response.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                return Task.FromResult(response);
            }
        }
    }
}
