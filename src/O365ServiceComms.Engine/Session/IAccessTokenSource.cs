using System;
using System.Threading;

namespace O365ServiceComms.Session
{
    /// <summary>Hands out the bearer token of one connection; implementations reuse it until it nears expiry.</summary>
    internal interface IAccessTokenSource
    {
        /// <summary>A valid token; with <paramref name="forceRefresh"/> a new one even if the cached one has not expired.</summary>
        AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken);
    }

    internal readonly struct AccessToken
    {
        public AccessToken(string value, DateTimeOffset expiresOn)
        {
            Value = value;
            ExpiresOn = expiresOn;
        }

        public string Value { get; }

        public DateTimeOffset ExpiresOn { get; }

        // Keeps the token out of anything that formats this struct (verbose output, debuggers, logs).
        public override string ToString() => "AccessToken (expires " + ExpiresOn.ToString("u") + ")";
    }
}
