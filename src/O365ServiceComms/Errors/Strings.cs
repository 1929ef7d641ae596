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
    }
}
