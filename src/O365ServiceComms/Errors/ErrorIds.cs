namespace O365ServiceComms
{
    /// <summary>The stable error ids of ErrorRecords (FullyQualifiedErrorId is "{id},{cmdlet}"); scripts may match on them.</summary>
    internal static class ErrorIds
    {
        public const string NotConnected = "NotConnected";
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

        // Publishing: feeds, the health report, -StatePath.
        public const string FileWriteFailed = "FileWriteFailed";
        public const string StateFileInvalid = "StateFileInvalid";
        public const string StateFileReadFailed = "StateFileReadFailed";
        public const string StateFileWriteFailed = "StateFileWriteFailed";
    }
}
