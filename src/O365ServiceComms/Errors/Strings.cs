namespace O365ServiceComms
{
    /// <summary>Every message the module shows a user, in one place.</summary>
    internal static class Strings
    {
        public const string NotConnected =
            "You are not connected. Run Connect-O365ServiceComms -TenantId <tenant> -ClientId <app id> -ClientSecret <secret> first.";

        public const string NotConnectedToTenant =
            "There is no connection to tenant '{0}'. Connected tenants: {1}. Run Connect-O365ServiceComms -TenantId {0} ... first.";

        public const string SignInFailed =
            "Sign-in to tenant '{0}' as app '{1}' failed: {2} {3}";

        public const string SignInHintWrongSecret =
            "Check that you passed the secret's value (not its id) and that it has not expired; create a new secret under Certificates & secrets of the app registration if needed.";

        public const string SignInHintUnknownApp =
            "Check the application (client) id, and that the app is registered in this tenant (or consented to, for a multi-tenant app).";

        public const string SignInHintUnknownTenant =
            "Check the tenant id or domain, and that you sign in to the right cloud (-AuthorityHost).";

        public const string SignInHintGeneric =
            "Check the tenant, the app registration and the network path to the sign-in endpoint.";

        public const string SignInUnreachable =
            "Could not reach the sign-in endpoint {0}: {1}";

        public const string GraphError =
            "Microsoft Graph answered {0} {1}: {2} (GET {3}; request-id {4})";

        public const string Forbidden =
            "Access denied reading {0}. The app needs the Microsoft Graph application permission {1} with admin consent: "
            + "add it under API permissions of the app registration, select 'Grant admin consent', then Connect-O365ServiceComms again. (request-id {2})";

        public const string NextLinkRefused =
            "The service returned a next-page link to another host ({0}); it was not followed, so that the access token only goes to {1}. The result is incomplete.";

        public const string RequestTimedOut = "The request GET {0} got no answer within {1} seconds.";

        public const string RequestFailed = "The request GET {0} failed: {1}";

        public const string ResponseNotReadable = "The answer to GET {0} could not be read: {1}";

        public const string IncompleteResult = "The result is incomplete: {0}";

        public const string MessageNotFound =
            "No service health issue or Message Center post has the id '{0}' in tenant '{1}'.";

        public const string InvalidMessageId =
            "'{0}' is not a message id. Ids are letters and digits such as EX123456 or MC172851.";

        public const string ServiceNotFound =
            "No service '{0}' in tenant '{1}'. Known services: {2}.";

        public const string AuthorityMustBeHttps = "-AuthorityHost must be an absolute https URI, such as https://login.microsoftonline.com.";

        public const string GraphEndpointMustBeHttps = "-GraphEndpoint must be an absolute https URI, such as https://graph.microsoft.com.";

        public const string CredentialUserNameNotClientId =
            "The credential's user name must be the application (client) id, a GUID; '{0}' is not one.";

        public const string ClientIdNotGuid = "-ClientId must be the application (client) id, a GUID; '{0}' is not one.";

        public const string EmptySecret = "The client secret is empty.";

        // Publishing: feeds, the health report, -StatePath.
        public const string FeedLinkNotHttp = "-Link must be an absolute http or https URI, such as https://intranet.contoso.com/m365-health; '{0}' is not one.";

        public const string FileWriteFailed = "Could not write '{0}': {1}";

        public const string PathIsDirectory = "'{0}' is a folder. Give the path of a file in it.";

        public const string DirectoryNotFound = "The folder '{0}' does not exist. Create it, or give a path in an existing folder.";

        public const string StateFileInvalid =
            "'{0}' is not a state file of Get-O365ServiceMessage -StatePath ({1}). It was left as it is: give another path, or delete the file to start again with every item.";

        public const string StateFileWrongVersion = "it lacks the format version {0} or the tenants";

        public const string StateFileReadFailed = "Could not read the state file '{0}': {1}";

        public const string StateFileWriteFailed =
            "Could not save the state file '{0}': {1}. The file was left as it was, so the next run returns these items again.";
    }
}
