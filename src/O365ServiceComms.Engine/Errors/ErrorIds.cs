namespace O365ServiceComms
{
    /// <summary>The stable error ids the cmdlets write (FullyQualifiedErrorId is "{id},{cmdlet}"); scripts may match on them.</summary>
    internal static class ErrorIds
    {
        public const string NotConnected = "NotConnected";
        public const string TenantNotConnected = "TenantNotConnected";
        public const string InvalidArgument = "InvalidArgument";
        public const string InvalidClientSecret = "InvalidClientSecret";
        public const string ApplicationNotFound = "ApplicationNotFound";
        public const string TenantNotFound = "TenantNotFound";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string SignInEndpointUnreachable = "SignInEndpointUnreachable";
        public const string MissingPermission = "MissingPermission";
        public const string Unauthorized = "Unauthorized";
        public const string GraphRequestFailed = "GraphRequestFailed";
        public const string MessageNotFound = "MessageNotFound";
        public const string ServiceNotFound = "ServiceNotFound";
        public const string IncompleteResult = "IncompleteResult";

        // Reliability: failures left after the retries (see Graph/RetryPolicy.cs).
        public const string Throttled = "Throttled";
        public const string ServiceUnavailable = "ServiceUnavailable";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string RequestTimeout = "RequestTimeout";
        public const string ResponseNotReadable = "ResponseNotReadable";
        public const string NextLinkRefused = "NextLinkRefused";
        public const string ResponseTooLarge = "ResponseTooLarge";
        public const string ItemIdMismatch = "ItemIdMismatch";
        public const string TrustedRootsNotUsable = "TrustedRootsNotUsable";

        // Incident reports, attachments and read/archive/favorite state.
        public const string DelegatedSignInRequired = "DelegatedSignInRequired";
        public const string IncidentReportNotPublished = "IncidentReportNotPublished";
        public const string NoAttachments = "NoAttachments";
        public const string AttachmentNotFound = "AttachmentNotFound";
        public const string FileExists = "FileExists";
        public const string FileWriteFailed = "FileWriteFailed";
        public const string ViewPointNotChanged = "ViewPointNotChanged";

        // Publishing: feeds, the health report, -StatePath.
        public const string StateFileUntrusted = "StateFileUntrusted";
        public const string StateFileReadFailed = "StateFileReadFailed";
        public const string StateFileWriteFailed = "StateFileWriteFailed";

        // Sign-in with certificates, managed identity, ready tokens, device code and browser.
        public const string CertificateNotFound = "CertificateNotFound";
        public const string CertificateNotReadable = "CertificateNotReadable";
        public const string CertificateWithoutPrivateKey = "CertificateWithoutPrivateKey";
        public const string CertificateExpired = "CertificateExpired";
        public const string InvalidClientCertificate = "InvalidClientCertificate";
        public const string ManagedIdentityUnreachable = "ManagedIdentityUnreachable";
        public const string ManagedIdentityFailed = "ManagedIdentityFailed";
        public const string AccessTokenExpired = "AccessTokenExpired";
        public const string AccessTokenRejected = "AccessTokenRejected";
        public const string AccessTokenWrongAudience = "AccessTokenWrongAudience";
        public const string ConsentRequired = "ConsentRequired";
        public const string SignInRequired = "SignInRequired";
        public const string SignInDeclined = "SignInDeclined";
        public const string DeviceCodeExpired = "DeviceCodeExpired";
        public const string InteractiveSignInUnavailable = "InteractiveSignInUnavailable";
        public const string SignedInToOtherTenant = "SignedInToOtherTenant";

        // Several tenants at once.
        public const string TenantQueryFailed = "TenantQueryFailed";

        // Daily use: typos in filter values, what a token lacks, plain-text secrets.
        public const string PlainTextSecret = "PlainTextSecret";
    }
}
