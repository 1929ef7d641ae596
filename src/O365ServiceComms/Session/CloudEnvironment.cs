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

        /// <summary>The cloud whose endpoints these are, or "Custom" (a proxy, the emulator).</summary>
        public static string NameOf(Uri authorityHost, Uri graphEndpoint)
        {
            CloudEnvironment match = All.FirstOrDefault(cloud =>
                string.Equals(cloud.AuthorityHost.Host, authorityHost.Host, StringComparison.OrdinalIgnoreCase)
                && string.Equals(cloud.GraphEndpoint.Host, graphEndpoint.Host, StringComparison.OrdinalIgnoreCase));
            return match?.Name ?? "Custom";
        }
    }
}
