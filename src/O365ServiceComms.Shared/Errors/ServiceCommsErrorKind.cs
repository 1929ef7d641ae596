namespace O365ServiceComms
{
    /// <summary>
    /// What went wrong, as a kind a script can switch on. Each kind has one stable error id (the FullyQualifiedErrorId
    /// of the ErrorRecord starts with it); the names differ from the ids only where the id's wording is older.
    /// </summary>
    public enum ServiceCommsErrorKind
    {
        // Connections and sign-in.
        NotConnected,
        TenantNotConnected,
        InvalidArgument,
        InvalidClientSecret,
        ApplicationNotFound,
        TenantNotFound,
        SignInFailed,
        SignInEndpointUnreachable,
        CertificateNotFound,
        CertificateNotReadable,
        CertificateWithoutPrivateKey,
        CertificateExpired,
        InvalidClientCertificate,
        ManagedIdentityUnreachable,
        ManagedIdentityFailed,
        AccessTokenExpired,
        AccessTokenRejected,
        AccessTokenWrongAudience,
        ConsentRequired,
        SignInRequired,
        SignInDeclined,
        DeviceCodeExpired,
        InteractiveSignInUnavailable,
        SignedInToOtherTenant,
        PlainTextSecret,
        TrustedRootsNotUsable,

        // Graph's answers.
        PermissionMissing,
        Unauthorized,
        RequestFailed,
        NotFound,
        ServiceNotFound,
        IncompleteResult,
        Throttled,
        ServiceUnavailable,
        ConnectionFailed,
        TimedOut,
        InvalidResponse,
        LinkRefused,
        ResponseTooLarge,
        ItemIdMismatch,
        TenantQueryFailed,

        // Incident reports, attachments, viewpoints.
        DelegatedSignInRequired,
        IncidentReportNotPublished,
        NoAttachments,
        AttachmentNotFound,
        FileExists,
        FileWriteFailed,
        ViewPointNotChanged,

        // Publishing and -StatePath.
        StateFileUntrusted,
        StateFileReadFailed,
        StateFileWriteFailed,
    }
}
