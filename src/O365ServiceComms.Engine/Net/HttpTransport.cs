using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Net
{
    /// <summary>
    /// The HTTP stack of the module's connections, shared by the Graph client and MSAL (IMsalHttpClientFactory):
    /// one handler, so both get the same trust (<see cref="ExtraTrust"/>, O365SC_TRUSTED_ROOTS) and, on .NET Framework,
    /// TLS 1.2 offered and enough connections per server (<see cref="NetFrameworkDefaults"/>).
    /// One transport per value of O365SC_TRUSTED_ROOTS, kept for the life of the process.
    /// </summary>
    internal sealed class HttpTransport
    {
        public const string TrustedRootsVariable = "O365SC_TRUSTED_ROOTS";

        /// <summary>Connections to one server at once: as many as -ThrottleLimit allows tenants to be read side by side.</summary>
        public const int ConnectionsPerServer = 64;

        private static readonly ConcurrentDictionary<string, HttpTransport> s_byTrustedRoots = new ConcurrentDictionary<string, HttpTransport>(StringComparer.Ordinal);

        private HttpTransport(ExtraTrust trust)
            // Files are asked for as they are (Accept-Encoding: identity) and never inflated: see GraphClient.Download.
            : this(trust, Pipeline(trust, DecompressionMethods.GZip | DecompressionMethods.Deflate), Pipeline(trust, DecompressionMethods.None))
        {
        }

        private HttpTransport(ExtraTrust trust, HttpMessageHandler pipeline, HttpMessageHandler downloadPipeline)
        {
            Trust = trust;
            Graph = GraphHttpClient(pipeline);
            Download = GraphHttpClient(downloadPipeline);

            // MSAL's own defaults for its client: 100 s (HttpClient's default) and at most 1 MB of answer.
            Msal = new MsalHttpClients(new HttpClient(pipeline, disposeHandler: false) { MaxResponseContentBufferSize = 1024 * 1024 });
        }

        /// <summary>The extra trusted roots, or null when only the system's roots are trusted.</summary>
        public ExtraTrust Trust { get; }

        /// <summary>For Graph: no client-wide timeout.</summary>
        public HttpClient Graph { get; }

        /// <summary>For Graph's file downloads: no client-wide timeout, no automatic decompression.</summary>
        public HttpClient Download { get; }

        /// <summary>For MSAL's sign-in requests (WithHttpClientFactory).</summary>
        public IMsalHttpClientFactory Msal { get; }

        /// <summary>
        /// The transport for the current value of O365SC_TRUSTED_ROOTS (read at each call, so a changed value applies to the
        /// next Connect). Throws <see cref="Session.SignInException"/> when the variable names a file that cannot be used.
        /// </summary>
        public static HttpTransport FromEnvironment() => ForTrustedRoots(Environment.GetEnvironmentVariable(TrustedRootsVariable));

        /// <param name="trustedRoots">Paths of PEM (or DER) files, separated by the platform's path separator; null or empty: none.</param>
        public static HttpTransport ForTrustedRoots(string trustedRoots) =>
            s_byTrustedRoots.GetOrAdd((trustedRoots ?? string.Empty).Trim(), value => new HttpTransport(value.Length == 0 ? null : ExtraTrust.Load(value)));

        /// <summary>A transport whose every request goes to <paramref name="handler"/>: answers made in memory (<see cref="EngineWarmUp"/>).</summary>
        internal static HttpTransport Over(HttpMessageHandler handler) => new HttpTransport(null, handler, handler);

        private static HttpMessageHandler Pipeline(ExtraTrust trust, DecompressionMethods decompression)
        {
            var handler = new HttpClientHandler { AutomaticDecompression = decompression };
            if (trust != null)
            {
                handler.ServerCertificateCustomValidationCallback = trust.Validate;
            }

            return NetFrameworkDefaults.Apply(handler);
        }

        private static HttpClient GraphHttpClient(HttpMessageHandler pipeline)
        {
            var client = new HttpClient(pipeline, disposeHandler: false)
            {
                // Each Graph request has its own timeout (GraphClient.SendOnce), which can tell a timeout from Ctrl+C.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("O365ServiceComms", typeof(HttpTransport).Assembly.GetName().Version.ToString(3)));
            return client;
        }

        private sealed class MsalHttpClients : IMsalHttpClientFactory
        {
            private readonly HttpClient _client;

            public MsalHttpClients(HttpClient client) => _client = client;

            public HttpClient GetHttpClient() => _client;
        }
    }
}
