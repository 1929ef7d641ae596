using System;
using Microsoft.Identity.Client;

namespace O365ServiceComms.Session
{
    /// <summary>What every MSAL application object of the module shares: authority, instance discovery, client name.</summary>
    internal static class MsalApplications
    {
        /// <summary>https://login.microsoftonline.com/{tenant}: the tenant's own sign-in endpoint.</summary>
        public static Uri Authority(Uri authorityHost, string tenantId) => new Uri(authorityHost, Uri.EscapeDataString(tenantId));

        /// <summary>The Graph resource id the token is for, e.g. https://graph.microsoft.com.</summary>
        public static string GraphResource(Uri graphEndpoint) => graphEndpoint.GetLeftPart(UriPartial.Authority);

        public static T WithTenantAuthority<T>(this AbstractApplicationBuilder<T> builder, Uri authorityHost, string tenantId)
            where T : AbstractApplicationBuilder<T> =>
            builder
                .WithAuthority(Authority(authorityHost, tenantId).AbsoluteUri, validateAuthority: false)
                // Instance discovery asks login.microsoftonline.com about the host: right for Microsoft's clouds,
                // impossible for a sovereign proxy or a local test server.
                .WithInstanceDiscovery(CloudEnvironment.IsMicrosoftAuthority(authorityHost))
                .WithClientName("O365ServiceComms")
                .WithClientVersion(typeof(MsalApplications).Assembly.GetName().Version.ToString(3));
    }
}
