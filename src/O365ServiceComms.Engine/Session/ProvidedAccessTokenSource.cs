using System;
using System.Threading;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// A token someone else obtained (Get-AzAccessToken, a pipeline secret, another tool). It cannot be renewed: once
    /// it expires, or Graph rejects it, the caller is told to get a new one and connect again.
    /// </summary>
    internal sealed class ProvidedAccessTokenSource : IAccessTokenSource
    {
        private readonly string _token;
        private readonly string _tenant;

        public ProvidedAccessTokenSource(string token, TokenPayload claims, string tenant)
        {
            _token = token;
            _tenant = tenant;
            // An opaque token does not say when it expires; Graph will.
            ExpiresOn = claims?.ExpiresOn ?? DateTimeOffset.MaxValue;
        }

        public DateTimeOffset ExpiresOn { get; }

        public bool HasExpired => DateTimeOffset.UtcNow >= ExpiresOn;

        public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (HasExpired)
            {
                throw Expired();
            }

            if (forceRefresh)
            {
                // Graph answered 401 to this token before its expiry: revoked, or for another audience or tenant.
                throw new SignInException(string.Format(Strings.AccessTokenRejected, _tenant), ServiceCommsErrorKind.AccessTokenRejected);
            }

            return new AccessToken(_token, ExpiresOn);
        }

        public SignInException Expired() =>
            new SignInException(
                string.Format(Strings.AccessTokenExpired, _tenant ?? "(unknown)", ExpiresOn.LocalDateTime),
                ServiceCommsErrorKind.AccessTokenExpired);
    }
}
