using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Identity.Client;
using O365ServiceComms.Net;

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

        /// <summary>Sign-in requests go through the module's HTTP stack (trusted roots; TLS and connections on .NET Framework).</summary>
        public static T WithModuleHttp<T>(this BaseAbstractApplicationBuilder<T> builder, HttpTransport transport)
            where T : BaseAbstractApplicationBuilder<T> =>
            builder.WithHttpClientFactory((transport ?? HttpTransport.FromEnvironment()).Msal);

        /// <summary>
        /// An app-only token from the application's cache or the sign-in service, with MSAL's failures turned into
        /// <see cref="SignInException"/>s; <paramref name="serviceError"/> words the service's refusals.
        /// </summary>
        public static AccessToken AcquireForClient(
            IConfidentialClientApplication app, string[] scopes, bool forceRefresh, Uri authority,
            Func<MsalServiceException, SignInException> serviceError, CancellationToken cancellationToken)
        {
            try
            {
                AuthenticationResult result = app.AcquireTokenForClient(scopes)
                    .WithForceRefresh(forceRefresh)
                    .ExecuteAsync(cancellationToken)
                    .GetAwaiter().GetResult();
                return new AccessToken(result.AccessToken, result.ExpiresOn);
            }
            catch (MsalServiceException exception)
            {
                throw serviceError(exception);
            }
            catch (MsalClientException exception)
            {
                throw SignInErrors.FromClient(exception, authority);
            }
            catch (HttpRequestException exception)
            {
                throw SignInErrors.Unreachable(exception, authority);
            }
        }
    }
}
