namespace O365ServiceComms
{
    /// <summary>Every message the module shows a user, in one place.</summary>
    internal static class Strings
    {
        public const string NotConnected =
            "You are not connected. Run Connect-O365ServiceComms -TenantId <tenant> -ClientId <app id> -ClientSecret <secret> first.";

        public const string NotConnectedToTenant =
            "There is no connection to tenant '{0}'. Connected tenants: {1}. Run Connect-O365ServiceComms -TenantId {0} ... first.";

        public const string MissingReadPermissions =
            "The token of tenant {0} lacks {1} (the {2} it holds: {3}), so {4} will fail with 403 (MissingPermission). "
            + "Add {1} to the API permissions of app {5} ({6}) and grant admin consent, then connect again.";

        public const string MissingHealthUse = "Get-O365ServiceStatus and reading incidents";

        public const string MissingMessageUse = "reading Message Center posts";

        public const string ApplicationPermissions = "application permissions (roles)";

        public const string DelegatedPermissions = "delegated permissions (scp)";

        public const string PlainTextSecret =
            "-{0} takes a SecureString, not plain text, so that the secret stays out of logs and history. Read it with "
            + "Read-Host -AsSecureString, take it from a vault (Get-Secret) or a credential asset, or convert it with "
            + "ConvertTo-SecureString -AsPlainText -Force.";

        public const string UnknownFilterValue =
            "-{0} '{1}' is not a value this version knows; it is sent to Graph as given and matches only if Graph knows it. Known values: {2}.";

        public const string DisconnectUnknownTenant =
            "There is no connection to tenant '{0}', so there is nothing to disconnect. Connected tenants: {1}.";

        public const string DisconnectAction = "Disconnect";

        public const string DisconnectTarget = "Connection to tenant {0}";

        public const string DisconnectAllTarget = "All {0} connections ({1})";

        public const string DisconnectAllCaption = "Disconnect from every tenant";

        public const string DisconnectAllQuery =
            "Disconnect all {0} connections of this session ({1})? Name a tenant with -TenantId to drop only that one; -Force drops all without asking.";

        public const string Disconnected = "Disconnected from tenant {0}.";

        public const string DisconnectNothing = "There are no connections to disconnect.";

        public const string SignInFailed =
            "Sign-in to tenant '{0}' as app '{1}' failed: {2} {3}";

        public const string SignInHintWrongSecret =
            "Check that you passed the secret's value (not its id) and that it has not expired; create a new secret under Certificates & secrets of the app registration if needed.";

        public const string SignInHintUnknownApp =
            "Check the application (client) id, and that the app is registered in this tenant (or consented to, for a multi-tenant app).";

        public const string SignInHintUnknownTenant =
            "Check the tenant id or domain, and that you sign in to the right cloud: -Environment USGov, USGovDoD or China for a government or "
            + "21Vianet tenant (-AuthorityHost only for other sign-in endpoints).";

        public const string SignInHintGeneric =
            "Check the tenant, the app registration and the network path to the sign-in endpoint.";

        public const string SignInUnreachable =
            "Could not reach the sign-in endpoint {0}: {1}";

        public const string GraphError =
            "Microsoft Graph answered {0} {1}: {2} ({5} {3}; request-id {4})";

        public const string Forbidden =
            "Access denied reading {0}. The app needs the Microsoft Graph application permission {1} with admin consent: "
            + "add it under API permissions of the app registration, select 'Grant admin consent', then Connect-O365ServiceComms again. (request-id {2})";

        public const string NextLinkRefused =
            "The service returned a next-page link to another host ({0}); it was not followed, so that the access token only goes to {1}. The result is incomplete.";

        public const string RequestTimedOut = "The request {2} {0} got no answer within {1} seconds.";

        public const string RequestFailed = "The request {2} {0} failed: {1}";

        public const string UntrustedCertificateHint =
            " If the server's certificate is issued by a private CA (a TLS-inspecting proxy, a test server), name that CA's PEM file in "
            + "the environment variable O365SC_TRUSTED_ROOTS (see about_O365ServiceComms).";

        public const string TrustedRootsNotUsable =
            "The environment variable {0} names '{1}', which cannot be used as trusted CA certificates: {2} "
            + "Point it at PEM files (one or more certificates each) separated by the path separator, or remove it.";

        public const string TrustedRootsPemUnterminated = "a certificate's -----END CERTIFICATE----- line is missing.";

        public const string ResponseNotReadable = "The answer to {2} {0} could not be read: {1}";

        public const string IncompleteResult = "The result is incomplete: {0}";

        public const string MessageNotFound =
            "No service health issue or Message Center post has the id '{0}' in tenant '{1}'.";

        public const string InvalidMessageId =
            "'{0}' is not a message id. Ids are up to 64 letters and digits, such as EX123456 or MC172851.";

        public const string ServiceNotFound =
            "No service '{0}' in tenant '{1}'. Known services: {2}.";

        public const string AuthorityMustBeHttps = "-AuthorityHost must be an absolute https URI, such as https://login.microsoftonline.com.";

        public const string GraphEndpointMustBeHttps = "-GraphEndpoint must be an absolute https URI, such as https://graph.microsoft.com.";

        public const string AuthorityHostWithPath =
            "-AuthorityHost must be the sign-in host only, such as https://login.microsoftonline.com, without a path, query, fragment or user name: '{0}' has '{1}'. The tenant is given with -TenantId.";

        public const string GraphEndpointWithPath =
            "-GraphEndpoint must be the Graph host only, such as https://graph.microsoft.com, without a path, query, fragment or user name: '{0}' has '{1}'.";

        public const string SignedInToOtherTenant =
            "The sign-in gave a token of tenant {0}, not of tenant {1} that was asked for (sign-in endpoint {2}). Nothing was read with it. Check -TenantId and -AuthorityHost.";

        public const string CredentialUserNameNotClientId =
            "The credential's user name must be the application (client) id, a GUID; '{0}' is not one.";

        public const string ClientIdNotGuid = "-ClientId must be the application (client) id, a GUID; '{0}' is not one.";

        public const string EmptySecret = "The client secret is empty.";

        // Reliability: retries, waits, broken answers, cancellation, hostile input.
        public const string RetryAfterWait = "{0} Waiting {1} s, as Graph's Retry-After asks, before attempt {2} of {3}.";

        public const string RetryBackOffWait = "{0} Waiting {1} s before attempt {2} of {3}.";

        public const string RetryGaveUpAttempts = "Gave up after {0} attempts.";

        public const string RetryGaveUpTime = "Gave up after {0} attempts in {1} seconds.";

        public const string RetryAfterTooLong =
            "Graph asks to wait {0} seconds before the next request, longer than the {1} seconds this module waits; run the command again later.";

        public const string RenewingToken = "Graph rejected the access token (HTTP 401); getting a new token and trying once more.";

        public const string UnauthorizedAfterRenewal =
            "Microsoft Graph rejected the access token (HTTP 401) even after a new token was requested. The app's secret, consent or the app itself "
            + "may have been changed or disabled; run Connect-O365ServiceComms again. {0}";

        public const string ResponseEmpty = "The answer is empty.";

        public const string ResponseStalled =
            "No data arrived for {0} seconds (the idle timeout; for a slow link, raise it with $env:O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS).";

        public const string ResponseDeadlineExceeded =
            "The answer did not arrive in full within {0} seconds (the response deadline; for a slow link, raise it with "
            + "$env:O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS).";

        public const string ResponseTooLarge =
            "The answer is larger than {0} MB once decoded, the most one page or item may have (raise it with $env:O365SERVICECOMMS_MAX_PAGE_MB); "
            + "reading stopped there.";

        public const string DownloadTooLarge =
            "The file is larger than {0} MB, the most one download may have (raise it with $env:O365SERVICECOMMS_MAX_DOWNLOAD_MB); nothing was saved.";

        public const string DownloadAnnouncedTooLarge =
            "The server announced a file of {0} bytes (Content-Length), more than the {1} MB one download may have (raise it with "
            + "$env:O365SERVICECOMMS_MAX_DOWNLOAD_MB); nothing was saved.";

        public const string DownloadEncoded =
            "The server sent the file encoded as '{0}' (Content-Encoding) although it was asked for the file as it is; it was not saved, "
            + "so that no file is stored compressed under its real name or inflated past the download limit.";

        public const string NextLinkRepeated =
            "Graph's next-page link {0} leads to a page of this list that was already read, so the list would never end; reading stopped after {1} pages.";

        public const string PageWithoutNewItems =
            "The page {0} brought only items this list had already returned, so the paging goes round in a loop; reading stopped after {1} pages.";

        public const string TooManyPages =
            "The list goes on past {0} pages, the most one list may have (raise it with $env:O365SERVICECOMMS_MAX_PAGES); reading stopped there.";

        public const string NullEntrySkipped =
            "The page {0} held an empty (null) entry in its list of items; it was skipped and the other items were returned.";

        public const string DuplicateItemSkipped = "Item {0} came again on page {1}; it was returned once only.";

        public const string LimitVariableInvalid =
            "The environment variable {0} is '{1}', but it must be a number greater than 0 and at most {2} (its default is {3}). "
            + "Correct or remove it.";

        public const string RequestIdSuffix = "(request-id {0})";

        public const string ReadFailedTwice = "Asking once more did not help.";

        public const string ReRequestingItem = "{0} Asking once more.";

        public const string ReRequestingPage = "{0} Asking for the same page once more and skipping the {1} items already returned from it.";

        public const string PageShorterOnReread = "the page held {0} items when read again, fewer than the {1} already returned from it";

        public const string IncompleteResultAfterItems =
            "The list of {0} is incomplete: {1} items were returned before reading stopped, and the rest is missing. {2}";

        public const string DebugRequestHeaders = "Request headers of {2} {0}: {1}";

        public const string DebugResponseHeaders = "Response headers ({0}): {1}";

        public const string HiddenHeaderValue = "(hidden)";

        public const string InvalidServiceName = "'{0}' is not a valid service name or wildcard pattern: {1}";

        /// <summary>A value as error messages quote it: long input is cut, so a huge value cannot flood the console.</summary>
        public static string Quote(string value) =>
            value == null ? string.Empty : value.Length > 80 ? value.Substring(0, 80) + "... (" + value.Length + " characters)" : value;

        // Progress of long lists (Write-Progress)
        public const string ProgressReadingIssues = "Reading service health issues";

        public const string ProgressReadingMessages = "Reading Message Center posts";

        public const string ProgressItemsSoFar = "{0} read so far, requesting page {1}";

        // ---- Filters of Get-O365ServiceMessage

        public const string FilterNeedsMessageCenter =
            "{0} applies only to Message Center posts and cannot be combined with -MessageType Incident. Leave -MessageType out, or set it to MessageCenter.";

        public const string FilterNeedsIncidents =
            "{0} applies only to incidents and cannot be combined with -MessageType MessageCenter. Leave -MessageType out, or set it to Incident.";

        public const string FiltersOfBothKinds =
            "{0} applies only to incidents and {1} only to Message Center posts, so no message can match both. "
            + "Run two commands instead, one with -MessageType Incident and one with -MessageType MessageCenter.";

        // ---- Save-O365ServiceIncidentReport, Save-O365ServiceMessageAttachment

        public const string PathNotFileSystem = "-Path must be a folder in the file system; '{0}' is on the {1} provider.";

        public const string PathIsFile = "-Path must be a folder; '{0}' is a file.";

        public const string FileExists = "The file '{0}' exists already. Add -Force to overwrite it, or choose another folder with -Path.";

        public const string FileWriteFailed = "Could not write '{0}': {1}";

        public const string SaveIncidentReportAction = "Save the post-incident review to the folder '{0}'";

        public const string SaveAttachmentsAction = "Save the attachments archive to the folder '{0}'";

        public const string NotAnIssueId =
            "'{0}' is a Message Center post id; only service health issues (incidents and advisories) have post-incident reviews.";

        public const string IssueNotFound = "No service health issue has the id '{0}' in tenant '{1}'.";

        public const string IncidentReportNotPublished =
            "No post-incident review has been published for {0} yet: its status is {1}. Microsoft publishes a review for some incidents after they end, "
            + "and their status then becomes PostIncidentReviewPublished. To list those, run Get-O365ServiceMessage -Status PostIncidentReviewPublished.";

        public const string NotAMessageCenterId =
            "'{0}' is not a Message Center post id. Only Message Center posts (ids such as MC172851) have {1}.";

        public const string MessageCenterPostNotFound = "No Message Center post has the id '{0}' in tenant '{1}'.";

        public const string SaveAttachmentAction = "Save the attachment to the folder '{0}'";
        public const string AttachmentWithoutId = "The attachment '{0}' of {1} has no id: list it again with Get-O365ServiceMessageAttachment.";
        public const string AttachmentOfOtherTenant = "The attachment '{0}' belongs to tenant '{1}', not to '{2}': add -TenantId {1}.";
        public const string AttachmentNotFound = "The attachment '{0}' of Message Center post {1} was not found in tenant '{2}'.";
        public const string NoAttachments = "Message Center post {0} has no attachments.";

        public const string AttachmentsWord = "attachments";

        // ---- Set-O365ServiceMessage

        public const string ViewPointWord = "read, archived and favorite state";

        public const string NothingToSet = "Give at least one of -IsRead, -IsArchived and -IsFavorited.";

        public const string DelegatedSignInRequired =
            "Read, archived and favorite state belongs to a user, so Microsoft Graph changes it only under a delegated (user) sign-in "
            + "with the permission ServiceMessageViewpoint.Write. The connection to tenant '{0}' signs in as an app ({1}). "
            + "Connect with Connect-O365ServiceComms -DeviceCode or -Interactive as a user with a Message Center role, then run the command again.";

        public const string ViewPointForbidden =
            "Microsoft Graph refused to {0} (403 {1}). Read, archived and favorite state needs a delegated (user) sign-in "
            + "(Connect-O365ServiceComms -DeviceCode or -Interactive) with the permission ServiceMessageViewpoint.Write consented for the app, "
            + "and a user with a role that reads Message Center, such as Message Center Reader. (request-id {2})";

        public const string ViewPointNotChanged = "Microsoft Graph did not confirm that it could {0} for {1}.";

        public const string MarkRead = "mark as read";

        public const string MarkUnread = "mark as unread";

        public const string Archive = "archive";

        public const string Unarchive = "unarchive";

        public const string Favorite = "add to favorites";

        public const string Unfavorite = "remove from favorites";

        // Publishing: feeds, the health report, -StatePath.
        public const string FeedLinkNotHttp = "-Link must be an absolute http or https URI, such as https://intranet.contoso.com/m365-health; '{0}' is not one.";

        public const string FeedInputNotSupported =
            "ConvertTo-O365ServiceFeed skipped {0} input object(s) of type {1}. It takes incidents and Message Center posts " +
            "(Get-O365ServiceMessage) and service status objects (Get-O365ServiceStatus, for their active incidents), as those commands write them.";


        public const string PathIsDirectory = "'{0}' is a folder. Give the path of a file in it.";

        public const string DirectoryNotFound = "The folder '{0}' does not exist. Create it, or give a path in an existing folder.";

        public const string ItemIdMismatch =
            "Graph answered the request for '{0}' with the item '{1}' ({2}). The answer was not used: a proxy or cache between here and Graph may be serving the wrong item.";

        public const string StateFileUntrusted =
            "StateFileUntrusted: the state file '{0}' cannot be trusted ({1}). This run returns every item and builds a new state; the old file is kept as '{2}'.";

        public const string StateFileWrongVersion = "it lacks the format version 1 or {0}, or the tenants";

        public const string StateFileBadValue = "the value at '{0}' is not what a state file holds there";

        public const string StateFileReadFailed = "Could not read the state file '{0}': {1}";

        public const string StateFileWriteFailed =
            "Could not save the state file '{0}': {1}. The file was left as it was, so the next run returns these items again.";

        // ---- Sign-in with certificates, managed identity, ready tokens, device code and browser ----

        public const string ThumbprintNotValid =
            "'{0}' is not a certificate thumbprint. A thumbprint is 40 hexadecimal characters, as (Get-PfxCertificate <file>).Thumbprint shows it.";

        public const string CertificateNotInStore =
            "No certificate with thumbprint {0} in {1}. Import the certificate with its private key into the current user's personal store, "
            + "or pass it with -CertificatePath <pfx file> or -Certificate.";

        public const string CertificateFileNotFound = "The certificate file '{0}' does not exist.";

        public const string CertificateFileNotReadable =
            "The certificate file '{0}' could not be read: {1} Check -CertificatePassword, and that the file is a PFX (PKCS#12) file with the private key.";

        public const string CertificateWithoutPrivateKey =
            "The certificate {0} from {1} has no RSA private key, so it cannot sign in. Use the PFX file or the store certificate that holds the "
            + "private key; the .cer file uploaded to the app registration holds only the public key.";

        public const string SignInHintCertificateExpired =
            "The certificate {0} has expired. Create a new certificate, upload its public key under Certificates & secrets of the app registration, "
            + "and connect with it.";

        public const string SignInHintCertificateNotRegistered =
            "The certificate {0} is not registered on this app: upload its public key (.cer) under Certificates & secrets > Certificates of the "
            + "app registration, and check that it is the app's client id.";

        public const string SignInHintConsentRequired =
            "The app lacks consent for the permissions it asks for. An administrator grants it under API permissions of the app registration "
            + "('Grant admin consent'), then connect again.";

        public const string SignInHintPublicClient =
            "-DeviceCode and -Interactive need an app registration that allows public client flows "
            + "(Authentication > Advanced settings > Allow public client flows: Yes).";

        public const string ManagedIdentityUnreachable =
            "Could not get a token for {0}: the managed identity endpoint {1} could not be reached ({2}). -ManagedIdentity works only inside "
            + "Azure (Automation, Functions, App Service, virtual machines, Arc-enabled servers) with a managed identity turned on; elsewhere "
            + "connect with a certificate or a secret.";

        public const string ManagedIdentityFailed =
            "The managed identity endpoint {1} refused a token for {0}: {2} Check that the identity is turned on for this Azure resource, and for a "
            + "user-assigned identity that it is attached to the resource and -ClientId is its client id.";

        public const string EmptyAccessToken = "The access token is empty.";

        public const string AccessTokenExpired =
            "The access token for tenant '{0}' expired at {1}. A token passed with -AccessToken cannot be renewed: get a new one "
            + "(for example (Get-AzAccessToken -ResourceTypeName MSGraph -AsSecureString).Token) and run Connect-O365ServiceComms -AccessToken again.";

        public const string AccessTokenRejected =
            "Microsoft Graph rejected the access token for tenant '{0}' (HTTP 401): it was revoked, or it is not for this Graph endpoint. "
            + "Get a new token for Microsoft Graph and run Connect-O365ServiceComms -AccessToken again.";

        public const string AccessTokenWrongAudience =
            "The access token is for '{0}', not for Microsoft Graph ({1}), so Graph would refuse it. Get a token for Microsoft Graph, for example "
            + "with Get-AzAccessToken -ResourceTypeName MSGraph.";

        public const string AccessTokenNoTenant =
            "The access token does not name its tenant (it is not a JWT with a tid claim). Pass the tenant with -TenantId.";

        public const string AccessTokenOtherTenant =
            "The access token is for tenant {0}, not for tenant {1}. Get a token for tenant {1}, or leave out -TenantId.";

        public const string ManagedIdentityNoTenant =
            "The managed identity's token does not name its tenant (no tid claim), so the connection cannot be told apart from others.";

        public const string SignInRequired =
            "The sign-in of {0} to tenant '{1}' can no longer be renewed silently: {2} "
            + "Run Connect-O365ServiceComms -TenantId {1} -ClientId {3} {4} again.";

        public const string SignInDeclined = "The sign-in to tenant '{0}' was declined or cancelled: {1}";

        public const string DeviceCodeExpired =
            "The device code for tenant '{0}' expired before the sign-in was completed: {1} Run Connect-O365ServiceComms again and enter the "
            + "new code within its time.";

        public const string InteractiveOpeningBrowser =
            "A browser window opens for the sign-in; complete it there. (Ctrl+C cancels.)";

        public const string InteractiveBrowserSuccess =
            "<html><body><p>O365ServiceComms: you are signed in. You can close this window and return to PowerShell.</p></body></html>";

        public const string InteractiveBrowserError =
            "<html><body><p>O365ServiceComms: the sign-in failed: {0} {1}</p></body></html>";

        public const string InteractiveNoDesktop = "this session has no desktop to show a browser on (no display; SSH, a service, a container or a runbook)";

        public const string InteractiveUnavailable =
            "Interactive sign-in needs the system browser, but {0}. Use -DeviceCode instead: it shows a code to enter at the sign-in page on any "
            + "device. For unattended scripts use a certificate or a managed identity.";

        public const string ForbiddenDelegated =
            "Access denied reading {0}. The signed-in user's token needs the Microsoft Graph delegated permission {1}, with admin consent for the app, "
            + "and the user needs an admin role that may read service health and Message Center (for example Service Support Administrator "
            + "or Message Center Reader). (request-id {2})";

        // Several tenants at once (TenantQuery, TenantFanOut).
        public const string TenantLinePrefix = "[{0}] {1}";

        public const string TenantErrorPrefix = "Tenant '{0}': {1}";

        public const string TenantQueryFailed =
            "Reading tenant '{0}' failed: {1} The other tenants were read; run the command for this tenant alone with -Verbose to see more.";

        public const string InvalidTenantPattern = "'{0}' is not a valid tenant name or wildcard pattern for -TenantId: {1}";

        public const string ProgressReadingTenants = "Reading tenants";

        public const string ProgressTenantsRead = "{0} of {1} tenants read";

        public const string StateFileTenantsOpened = "State file {0}: read once for {1} tenants; each tenant's part is used and saved on its own.";
    }
}
