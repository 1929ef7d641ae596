using System;
using System.Linq;

namespace O365ServiceComms.Session
{
    /// <summary>The Microsoft clouds: where an app signs in and where its Graph lives. Tokens do not cross clouds.</summary>
    internal sealed class CloudEnvironment
    {
        public static readonly CloudEnvironment Global = new CloudEnvironment("Global", "https://login.microsoftonline.com", "https://graph.microsoft.com");
        public static readonly CloudEnvironment USGov = new CloudEnvironment("USGov", "https://login.microsoftonline.us", "https://graph.microsoft.us");
        public static readonly CloudEnvironment USGovDoD = new CloudEnvironment("USGovDoD", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us");
        public static readonly CloudEnvironment China = new CloudEnvironment("China", "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn");

        public static readonly CloudEnvironment[] All = { Global, USGov, USGovDoD, China };

        private CloudEnvironment(string name, string authorityHost, string graphEndpoint)
        {
            Name = name;
            AuthorityHost = new Uri(authorityHost);
            GraphEndpoint = new Uri(graphEndpoint);
        }

        public string Name { get; }

        public Uri AuthorityHost { get; }

        public Uri GraphEndpoint { get; }

        /// <summary>Whether MSAL may validate this sign-in host with Microsoft's instance discovery.</summary>
        public static bool IsMicrosoftAuthority(Uri authorityHost) =>
            All.Any(cloud => string.Equals(cloud.AuthorityHost.Host, authorityHost.Host, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The cloud whose endpoints these are, or "Custom" (a proxy, the emulator). Without a sign-in endpoint
        /// (managed identity, a ready token) the Graph endpoint alone decides.
        /// </summary>
        public static string NameOf(Uri authorityHost, Uri graphEndpoint)
        {
            CloudEnvironment match = All.FirstOrDefault(cloud =>
                (authorityHost == null || string.Equals(cloud.AuthorityHost.Host, authorityHost.Host, StringComparison.OrdinalIgnoreCase))
                && string.Equals(cloud.GraphEndpoint.Host, graphEndpoint.Host, StringComparison.OrdinalIgnoreCase));
            return match?.Name ?? "Custom";
        }

        /// <summary>By name (Global, USGov, USGovDoD, China), ignoring case; null for any other name.</summary>
        public static CloudEnvironment Find(string name) =>
            All.FirstOrDefault(cloud => string.Equals(cloud.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Whether a token's aud claim names Microsoft Graph reached at <paramref name="graphEndpoint"/>: that host,
        /// Graph's application id, or Graph in any Microsoft cloud (a proxy in front of Graph passes the token on).
        /// </summary>
        public static bool IsGraphAudience(string audience, Uri graphEndpoint)
        {
            if (string.IsNullOrEmpty(audience))
            {
                return false;
            }

            if (string.Equals(audience, GraphApplicationId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!Uri.TryCreate(audience, UriKind.Absolute, out Uri uri))
            {
                return false;
            }

            return string.Equals(uri.Host, graphEndpoint.Host, StringComparison.OrdinalIgnoreCase)
                || All.Any(cloud => string.Equals(cloud.GraphEndpoint.Host, uri.Host, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Microsoft Graph's application id, the aud of some Graph tokens.</summary>
        public const string GraphApplicationId = "00000003-0000-0000-c000-000000000000";
    }
}
