using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Net
{
    /// <summary>
    /// What .NET Framework (Windows PowerShell 5.1) gets wrong for this module by default, put right for the module's own
    /// requests. HttpClient there goes through HttpWebRequest and ServicePointManager, so:
    /// - a host without SchUseStrongCrypto offers only SSL 3 and TLS 1.0, which Entra and Graph refuse: TLS 1.2 (and 1.3
    ///   where the runtime knows it) is added to ServicePointManager.SecurityProtocol. Flags are only ever added, never
    ///   removed; SystemDefault (0) is left alone, as there the operating system offers what it supports.
    /// - ServicePointManager.DefaultConnectionLimit is 2 outside ASP.NET, so -ThrottleLimit 8 would read 2 tenants at a
    ///   time: the ServicePoint of each server the module talks to is raised to <see cref="HttpTransport.ConnectionsPerServer"/>
    ///   (never lowered).
    /// On .NET 8 and later neither applies (SocketsHttpHandler), and nothing is changed.
    /// </summary>
    internal static class NetFrameworkDefaults
    {
        internal const SecurityProtocolType Tls12 = (SecurityProtocolType)3072;
        internal const SecurityProtocolType Tls13 = (SecurityProtocolType)12288;

        public static HttpMessageHandler Apply(HttpClientHandler handler)
        {
#if NETFRAMEWORK
            return new Guard(handler);
#else
            return handler;
#endif
        }

        /// <summary>The protocols to offer, given what the process offers now: the same, plus TLS 1.2 (and 1.3).</summary>
        internal static SecurityProtocolType WithModernTls(SecurityProtocolType current, bool tls13) =>
            current == 0 ? current : current | Tls12 | (tls13 ? Tls13 : 0);

        /// <summary>Adds TLS 1.2 (and 1.3 where the runtime accepts it) to ServicePointManager.SecurityProtocol.</summary>
        public static void EnsureModernTls()
        {
            SecurityProtocolType current = ServicePointManager.SecurityProtocol;
            if (WithModernTls(current, tls13: false) == current)
            {
                return;
            }

            try
            {
                ServicePointManager.SecurityProtocol = WithModernTls(current, tls13: true);
            }
            catch (Exception exception) when (exception is NotSupportedException || exception is ArgumentException)
            {
                // TLS 1.3 is unknown to this runtime (before .NET Framework 4.8) or to the operating system.
                ServicePointManager.SecurityProtocol = WithModernTls(current, tls13: false);
            }
        }

        /// <summary>Raises the connection limit of the server <paramref name="uri"/> points to; never lowers it.</summary>
        public static void RaiseConnectionLimit(Uri uri)
        {
            ServicePoint servicePoint = ServicePointManager.FindServicePoint(uri);
            if (servicePoint.ConnectionLimit < HttpTransport.ConnectionsPerServer)
            {
                servicePoint.ConnectionLimit = HttpTransport.ConnectionsPerServer;
            }
        }

        /// <summary>Checked before each request, as other code in the process may change the settings at any time.</summary>
        private sealed class Guard : DelegatingHandler
        {
            public Guard(HttpMessageHandler inner)
                : base(inner)
            {
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                EnsureModernTls();
                RaiseConnectionLimit(request.RequestUri);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
