using System;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// Sign-in and Graph endpoints are a scheme, a host and a port, nothing more: a path on the sign-in host would
    /// choose the tenant (https://login.example/other-tenant) behind -TenantId's back, a path on Graph's would be
    /// dropped, and a user name would end up in the token's scope.
    /// </summary>
    internal static class EndpointRules
    {
        /// <summary>What an endpoint has besides scheme, host and port (a path, query, fragment or user info), or null.</summary>
        public static string BeyondHost(Uri endpoint)
        {
            if (!string.IsNullOrEmpty(endpoint.UserInfo))
            {
                return endpoint.UserInfo + "@";
            }

            if (endpoint.AbsolutePath != "/")
            {
                return endpoint.AbsolutePath;
            }

            if (!string.IsNullOrEmpty(endpoint.Query))
            {
                return endpoint.Query;
            }

            return string.IsNullOrEmpty(endpoint.Fragment) ? null : endpoint.Fragment;
        }
    }
}
