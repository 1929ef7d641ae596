using System.Globalization;
using System.Net;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The demo tenant (Contoso): 27 services, 55 issues (5 active), 141 Message Center posts.
/// Fully deterministic: the same data on every run.
/// </summary>
internal static class DemoTenant
{
    public const string TenantId = "b0b8e1f4-6c3a-4a1e-9d62-2f5c8e7a9c10";
    public const string Domain = "contoso.onmicrosoft.com";

    public const string AppClientId = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
    public const string AppSecret = "Demo~Secret~0123456789";
    public const string NoConsentClientId = "0f9a7c21-8d44-4b7e-a1c2-3e9d5b6f7a80";
    public const string NoConsentSecret = "NoConsent~Secret~42";

    // Sign-in without a secret: a public client app for device code and browser sign-in (with and without admin
    // consent for the delegated permissions), the managed identities of the emulated Azure resource, and a user.
    public const string PublicClientId = "c2f7a9d4-3b6e-4f1a-8d5c-7e9b0a2c4f61";
    public const string PublicNoConsentClientId = "a8e3f1c6-5d2b-4a9e-b7c0-1f4d6e8a2b39";
    public const string SystemAssignedIdentityClientId = "1b4e7d2a-9c3f-4e8b-a6d1-2f5c8b0e3a74";
    public const string UserAssignedIdentityClientId = "6d9a2c5e-1f8b-4d3a-9e7c-4b0f2a6d8c15";
    public const string UserPrincipalName = "adele@contoso.onmicrosoft.com";

    private const string Operational = "serviceOperational";
    private const string Degraded = "serviceDegradation";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Tenant Create()
    {
        var tenant = new Tenant(Issues(), Messages())
        {
            Id = TenantId,
            DisplayName = "Contoso",
            Domains = [Domain],
            Apps =
            [
                new RegisteredApp(AppClientId, "Service Health Reader", "6a1f0c2e-93d4-4f5b-8e07-1c2d3e4f5a6b", AppSecret,
                    [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll]),
                new RegisteredApp(NoConsentClientId, "Service Health Reader (no admin consent)", "c4d5e6f7-0a1b-4c2d-9e3f-4a5b6c7d8e9f", NoConsentSecret,
                    []),
                new RegisteredApp(PublicClientId, "Service Health for admins", "7f2b4d6e-8a1c-4e3f-9b5d-2c4e6a8b0d13", null, [])
                {
                    IsPublicClient = true,
                    DelegatedScopes = [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll, ViewPointEndpoints.ViewPointWrite],
                },
                new RegisteredApp(PublicNoConsentClientId, "Service Health for admins (no admin consent)", "5a7c9e1b-3d5f-4b7a-8c0e-2f4a6c8e0b25", null, [])
                {
                    IsPublicClient = true,
                },
                new RegisteredApp(SystemAssignedIdentityClientId, "contoso-automation", "9e1c3a5b-7d9f-4b2d-8e4a-6c8e0a2c4e37", null,
                    [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll])
                {
                    IsManagedIdentity = true,
                },
                new RegisteredApp(UserAssignedIdentityClientId, "id-servicehealth", "3c5e7a9b-1d3f-4a5c-9e7b-0d2f4a6c8e49", null,
                    [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll])
                {
                    IsManagedIdentity = true,
                },
            ],
            Users = [new TenantUser("e3b1c7d5-2a4f-4e6b-8c9d-0f1a2b3c4d5e", UserPrincipalName, "Adele Vance")],
            Services = Services,
        };
        Validate(tenant);
        return tenant;
    }

    private static readonly MonitoredService[] Services =
    [
        new("DynamicsAX", "Dynamics AX", Operational),
        new("DynamicsCRM", "Dynamics 365 Apps", Operational),
        new("Exchange", "Exchange Online", Operational),
        new("Forms", "Microsoft Forms", Operational),
        new("Intune", "Microsoft Intune", Operational),
        new("kaizalamessagingservices", "Microsoft Kaizala", Operational),
        new("Lync", "Skype for Business", Degraded),
        new("MDATP", "Microsoft Defender for Endpoint", Operational),
        new("MicrosoftFlow", "Microsoft Power Automate", Operational),
        new("MicrosoftFlowM365", "Power Automate in Microsoft 365", Operational),
        new("microsoftteams", "Microsoft Teams", Operational),
        new("MobileDeviceManagement", "Mobile Device Management for Office 365", Operational),
        new("O365Client", "Microsoft 365 Apps", Operational),
        new("officeonline", "Office for the web", Operational),
        new("OneDriveForBusiness", "OneDrive for Business", Degraded),
        new("OrgLiveID", "Identity Service", Operational),
        new("OSDPPlatform", "Microsoft 365 suite", Operational),
        new("OSub", "Subscription and billing", Operational),
        new("Planner", "Planner", Operational),
        new("PowerApps", "Power Apps", Operational),
        new("PowerAppsM365", "Power Apps in Microsoft 365", Operational),
        new("PowerBIcom", "Power BI", Operational),
        new("RMS", "Azure Information Protection", Operational),
        new("SharePoint", "SharePoint Online", Degraded),
        new("SocialEngagement", "Dynamics 365 Social Engagement", Operational),
        new("StaffHub", "Microsoft StaffHub", Operational),
        new("yammer", "Yammer Enterprise", Operational),
    ];

    // ------------------------------------------------------------------ issues

    private static IEnumerable<ServiceHealthIssue> Issues() => ActiveIssues().Concat(ResolvedIssues());

    private static ServiceHealthIssuePost Post(string createdUtc, string content, string postType = "regular") =>
        new(Utc(createdUtc), postType, ItemBody.Html(content));

    private static IEnumerable<ServiceHealthIssue> ActiveIssues()
    {
        ServiceHealthIssue Active(string id, string service, string feature, string featureGroup, string title, string impact,
            string start, IReadOnlyList<ServiceHealthIssuePost> posts, bool notifyInApp = false) => new()
            {
                Id = id,
                Title = title,
                ImpactDescription = impact,
                Classification = "incident",
                Status = Degraded,
                Service = service,
                Feature = feature,
                FeatureGroup = featureGroup,
                IsResolved = false,
                StartDateTime = Utc(start),
                EndDateTime = null,
                LastModifiedDateTime = posts.Max(p => p.CreatedDateTime),
                Details = notifyInApp ? [new KeyValue("NotifyInApp", "True")] : [],
                // The live service rates some incidents high impact; LY197383 stands for them.
                HighImpact = id == "LY197383" ? true : null,
                Posts = posts,
            };

        yield return Active("LY197383", "Skype for Business", "Federation", "Presence and Instant Messaging",
            "Can't send messages or make calls to specific federated users",
            "Users can't send messages to or make calls with specific federated users.",
            "2021-11-15T13:40:00Z",
            [
                Post("2021-11-15T14:05:22.19Z",
                    "<p>Title: Can&#39;t send messages or make calls to specific federated users</p>" +
                    "<p>User Impact: Users can&#39;t send messages &amp; make calls to specific federated users.</p>" +
                    "<p>More info: Messages and calls inside your organization aren&#39;t affected. Impact is specific to federated organizations that use:</p>" +
                    "<ul><li>Skype for Business Server 2015 with the latest cumulative update</li><li>Third-party partners that federate over SIP &amp; TLS</li></ul>" +
                    "<p>Current status: We&#39;re reviewing &lt;telemetry&gt; data and service logs to determine the cause of impact.</p>" +
                    "<p>Scope of impact: Your organization is affected by this event, and impact is specific to users who communicate with federated partners.</p>" +
                    "<p>Next update by: Monday, November 15, 2021, at 4:00 PM UTC</p>"),
                Post("2021-11-15T15:31:08.653Z",
                    "<p>We&#39;ve identified a recent configuration change to the federation edge servers that may be contributing to impact, " +
                    "and we&#39;re reviewing options to revert it.</p>",
                    postType: "quick"),
                Post("2021-11-15T19:47:55.02Z",
                    "Title: Can't send messages or make calls to specific federated users\n\n" +
                    "User Impact: Users can't send messages or make calls to specific federated users.\n\n" +
                    "Current status: We've reverted the configuration change on a subset of the federation edge servers and we're monitoring " +
                    "the environment to confirm that this mitigates impact before we revert it on the remaining infrastructure.\n\n" +
                    "Scope of impact: Impact is specific to users who attempt to communicate with federated partners.\n\n" +
                    "Start time: Monday, November 15, 2021, at 1:40 PM UTC\n\n" +
                    "Next update by: Tuesday, November 16, 2021, at 10:00 AM UTC"),
                Post("2021-11-16T09:12:37.41Z",
                    "<p>Title: Can&#39;t send messages or make calls to specific federated users</p>" +
                    "<p>User Impact: Users can&#39;t send messages or make calls to specific federated users.</p>" +
                    "<p>Current status: The revert has completed for about 80% of the affected infrastructure, and users served by it can again send messages &amp; make calls to federated users. " +
                    "We expect the remaining infrastructure to finish within the next few hours.</p>" +
                    "<p>Root cause: A configuration change intended to improve &quot;SIP&quot; routing performance altered how federated requests are validated.</p>" +
                    "<p>Start time: Monday, November 15, 2021, at 1:40 PM UTC</p>" +
                    "<p>Next update by: Tuesday, November 16, 2021, at 4:00 PM UTC</p>"),
            ],
            notifyInApp: true);

        yield return Active("SP197263", "SharePoint Online", "SharePoint Features", "SharePoint Features",
            "Some users can't open files stored in SharePoint Online document libraries",
            "Users may be unable to open files stored in SharePoint Online document libraries.",
            "2021-09-20T07:15:00Z",
            [
                Post("2021-09-20T07:48:19.5Z",
                    "Title: Some users can't open files stored in SharePoint Online document libraries\n\n" +
                    "User Impact: Users may be unable to open files stored in SharePoint Online document libraries.\n\n" +
                    "Current status: We're investigating a potential issue and checking for impact to your organization. We'll provide an update within 30 minutes."),
                Post("2021-09-21T11:02:44.873Z",
                    "<p>Title: Some users can&#39;t open files stored in SharePoint Online document libraries</p>" +
                    "<p>User Impact: Users may see the error &quot;Sorry, something went wrong&quot; when they open files.</p>" +
                    "<p>Current status: We&#39;ve determined that a recent update to the file preview service is causing impact. We&#39;re rolling back the update:</p>" +
                    "<ul><li>Rollback started in North America &amp; Europe</li><li>Asia Pacific will follow</li></ul>" +
                    "<p>Next update by: Wednesday, September 22, 2021, at 12:00 PM UTC</p>"),
            ]);

        yield return Active("SP197691", "SharePoint Online", "Search", "SharePoint Features",
            "Search results in SharePoint Online may not include recently modified content",
            "Users may notice that search results don't include content modified in the last few hours.",
            "2020-12-02T16:30:00Z",
            [
                Post("2020-12-03T16:20:11.5Z",
                    "<p>Title: Search results in SharePoint Online may not include recently modified content</p>" +
                    "<p>User Impact: Users may notice that search results don&#39;t include content modified in the last few hours.</p>" +
                    "<p>Current status: We&#39;ve identified that a portion of the search index isn&#39;t processing crawl requests as expected. " +
                    "We&#39;re rebalancing the crawl load &lt;index partitions&gt; to remediate impact.</p>" +
                    "<p>Next update by: Friday, December 4, 2020, at 6:00 PM UTC</p>"),
            ]);

        yield return Active("OD197264", "OneDrive for Business", "OneDrive for Business", "OneDrive for Business",
            "Users may be unable to sync files with the OneDrive sync app on macOS",
            "Users may be unable to sync files with the OneDrive sync app on macOS.",
            "2021-03-29T18:00:00Z",
            [
                Post("2021-03-29T18:34:02.77Z",
                    "Title: Users may be unable to sync files with the OneDrive sync app on macOS\n\n" +
                    "User Impact: Users may be unable to sync files with the OneDrive sync app on macOS.\n\n" +
                    "Current status: We're reviewing support cases to understand the scope of impact."),
                Post("2021-03-31T09:10:45.2Z",
                    "<p>Title: Users may be unable to sync files with the OneDrive sync app on macOS</p>" +
                    "<p>User Impact: Users may be unable to sync files with the OneDrive sync app on macOS.</p>" +
                    "<p>Current status: Impact is specific to sync app build 21.052 on macOS 11.2 &amp; later. We&#39;re developing a fix.</p>"),
                Post("2021-04-02T08:30:00.27Z",
                    "<p>Title: Users may be unable to sync files with the OneDrive sync app on macOS</p>" +
                    "<p>User Impact: Users may be unable to sync files with the OneDrive sync app on macOS.</p>" +
                    "<p>Current status: The fix is in validation. As a workaround, users can:</p>" +
                    "<ul><li>Pause and resume syncing</li><li>Sign out of the sync app and sign back in</li></ul>" +
                    "<p>Next update by: Monday, April 5, 2021, at 5:00 PM UTC</p>"),
            ],
            notifyInApp: true);

        yield return Active("OD197692", "OneDrive for Business", "Sharing", "OneDrive for Business",
            "Some users see an error when sharing files from OneDrive for Business",
            "Users may receive an error when they attempt to share files from OneDrive for Business.",
            "2021-07-12T10:45:00Z",
            [
                Post("2021-07-12T11:20:37.06Z",
                    "Title: Some users see an error when sharing files from OneDrive for Business\n\n" +
                    "User Impact: Users may receive an error when they attempt to share files from OneDrive for Business.\n\n" +
                    "Current status: We're analyzing service telemetry to isolate the cause of impact."),
                Post("2021-07-13T14:05:31.117Z",
                    "<p>Title: Some users see an error when sharing files from OneDrive for Business</p>" +
                    "<p>User Impact: Users may receive the error &quot;Couldn&#39;t share the link&quot; when sharing files.</p>" +
                    "<p>Current status: We&#39;ve identified a code issue in the sharing service and we&#39;re deploying a fix. " +
                    "Users can share files from the OneDrive web experience in the meantime.</p>" +
                    "<p>Next update by: Wednesday, July 14, 2021, at 3:00 PM UTC</p>"),
            ]);
    }

    /// <summary>(id, service, feature, featureGroup, classification, status, title, impactDescription)</summary>
    private static readonly (string Id, string Service, string Feature, string FeatureGroup, string Classification, string Status, string Title, string Impact)[] ResolvedIssueTable =
    [
        ("EX226574", "Exchange Online", "Tenant Administration (Provisioning, Remote PowerShell)", "Management and Provisioning", "advisory", "serviceRestored",
            "Admins are unable to migrate some user mailboxes from IMAP using the Exchange admin center or PowerShell",
            "Admins attempting to migrate some user mailboxes using the Exchange admin center or PowerShell experienced failures."),
        ("EX226792", "Exchange Online", "Mailflow - delayed delivery from Internet", "E-Mail timely delivery", "incident", "serviceRestored",
            "Limited number of users unable to send or receive email through the Exchange Online service",
            "Users may have been unable to send or receive email through the Exchange Online service."),
        ("EX231055", "Exchange Online", "Outlook on the web", "E-Mail and calendar access", "incident", "postIncidentReviewPublished",
            "Users may be unable to access their mailbox using Outlook on the web",
            "Users may have been unable to access their mailbox using Outlook on the web."),
        ("EX238911", "Exchange Online", "Calendaring", "E-Mail and calendar access", "advisory", "serviceRestored",
            "Shared calendar updates are delayed for some users",
            "Users may have noticed delays when viewing updates to shared calendars."),
        ("EX245120", "Exchange Online", "Mobile access (EAS)", "E-Mail and calendar access", "incident", "falsePositive",
            "Users may be unable to sync email on mobile devices",
            "Users may have been unable to sync email using Exchange ActiveSync on mobile devices."),
        ("EX259874", "Exchange Online", "Message Trace", "Management and Provisioning", "advisory", "resolved",
            "Admins may see incomplete message trace results",
            "Admins may have seen incomplete results when running a message trace."),
        ("EX260233", "Exchange Online", "Mailflow - delayed delivery from Internet", "E-Mail timely delivery", "incident", "serviceRestored",
            "Users may be unable to send email with large attachments",
            "Users may have been unable to send email messages with attachments larger than 10 MB."),
        ("TM221340", "Microsoft Teams", "Teams Components", "Teams Components", "incident", "serviceRestored",
            "Users are unable to join Microsoft Teams meetings from the desktop client",
            "Users may have been unable to join meetings using the Microsoft Teams desktop client."),
        ("TM229981", "Microsoft Teams", "Chat", "Teams Components", "incident", "serviceRestored",
            "Some users may experience delays when sending chat messages in Microsoft Teams",
            "Users may have experienced delays when sending or receiving chat messages."),
        ("TM236452", "Microsoft Teams", "Meetings", "Teams Components", "advisory", "postIncidentReviewPublished",
            "Meeting recordings aren't available for some users",
            "Users may have been unable to view meeting recordings after the meeting ended."),
        ("TM248107", "Microsoft Teams", "Calling", "Teams Components", "incident", "serviceRestored",
            "Users may be unable to make or receive PSTN calls in Microsoft Teams",
            "Users may have been unable to make or receive PSTN calls."),
        ("TM255630", "Microsoft Teams", "Presence", "Teams Components", "advisory", "resolved",
            "Users can't see presence status for some contacts",
            "Users may have seen an unknown presence status for some contacts."),
        ("MO226784", "Microsoft 365 suite", "Access", "Portal", "advisory", "serviceRestored",
            "Intermittently unable to access some Microsoft 365 services",
            "Users may have been intermittently unable to access some Microsoft 365 services."),
        ("MO233019", "Microsoft 365 suite", "Administration", "Microsoft 365 admin center", "advisory", "serviceRestored",
            "Admins may be unable to view service health data in the Microsoft 365 admin center",
            "Admins may have been unable to view service health data in the Microsoft 365 admin center."),
        ("MO241876", "Microsoft 365 suite", "Sign-in", "Portal", "incident", "postIncidentReviewPublished",
            "Users may be unable to sign in to multiple Microsoft 365 services",
            "Users may have been unable to sign in to multiple Microsoft 365 services."),
        ("MO252210", "Microsoft 365 suite", "Administration", "Microsoft 365 admin center", "advisory", "falsePositive",
            "Admins can't assign licenses in the Microsoft 365 admin center",
            "Admins may have been unable to assign licenses in the Microsoft 365 admin center."),
        ("SP224518", "SharePoint Online", "SharePoint Features", "SharePoint Features", "incident", "serviceRestored",
            "Users may be unable to access SharePoint Online sites",
            "Users may have been unable to access SharePoint Online sites."),
        ("SP232761", "SharePoint Online", "Search", "SharePoint Features", "incident", "serviceRestored",
            "Search results aren't returning recently uploaded content",
            "Users may have noticed that search results didn't include recently uploaded content."),
        ("SP247390", "SharePoint Online", "SharePoint Features", "SharePoint Features", "advisory", "resolved",
            "Users may see delays when uploading files to document libraries",
            "Users may have seen delays when uploading files to document libraries."),
        ("SP256004", "SharePoint Online", "Sites", "SharePoint Features", "incident", "postIncidentReviewPublished",
            "Users are unable to create new modern team sites",
            "Users may have been unable to create new modern team sites."),
        ("OD225301", "OneDrive for Business", "OneDrive for Business", "OneDrive for Business", "incident", "serviceRestored",
            "Users may be unable to sync files using the OneDrive sync client",
            "Users may have been unable to sync files using the OneDrive sync client."),
        ("OD239877", "OneDrive for Business", "OneDrive for Business", "OneDrive for Business", "advisory", "serviceRestored",
            "Users may experience slow performance when browsing files in OneDrive for Business",
            "Users may have experienced slow performance when browsing files."),
        ("OD251432", "OneDrive for Business", "Sharing", "OneDrive for Business", "incident", "falsePositive",
            "Users may be unable to share files externally from OneDrive for Business",
            "Users may have been unable to share files with external users."),
        ("LY222109", "Skype for Business", "Audio and Video", "Audio and Video", "incident", "serviceRestored",
            "Users may experience poor call quality in Skype for Business meetings",
            "Users may have experienced poor audio or video quality in meetings."),
        ("LY234560", "Skype for Business", "Presence", "Presence and Instant Messaging", "advisory", "serviceRestored",
            "Users' presence may not update in Skype for Business",
            "Users may have noticed that their presence didn't update."),
        ("LY249981", "Skype for Business", "Federation", "Presence and Instant Messaging", "incident", "postIncidentReviewPublished",
            "Users can't send instant messages to some external contacts",
            "Users may have been unable to send instant messages to some external contacts."),
        ("IT223877", "Microsoft Intune", "Devices", "Microsoft Intune", "advisory", "serviceRestored",
            "Admins may see delays when devices check in to Microsoft Intune",
            "Admins may have seen delays when devices checked in to Microsoft Intune."),
        ("IT240012", "Microsoft Intune", "Policies", "Microsoft Intune", "incident", "resolved",
            "Compliance policies may not apply to some iOS devices",
            "Compliance policies may not have applied to some iOS devices."),
        ("IT257765", "Microsoft Intune", "Reporting", "Microsoft Intune", "advisory", "serviceRestored",
            "Admins can't view device inventory reports",
            "Admins may have been unable to view device inventory reports."),
        ("PB227652", "Power BI", "Data refresh", "Power BI", "incident", "serviceRestored",
            "Users may be unable to refresh datasets in Power BI",
            "Users may have been unable to refresh datasets."),
        ("PB243318", "Power BI", "Dashboards", "Power BI", "advisory", "resolved",
            "Power BI dashboards load slowly for some users",
            "Users may have experienced slow loading of dashboards."),
        ("PA228843", "Power Apps", "Canvas apps", "Power Apps", "incident", "serviceRestored",
            "Users may be unable to launch canvas apps",
            "Users may have been unable to launch canvas apps."),
        ("PA250067", "Power Apps", "Power Apps Studio", "Power Apps", "advisory", "falsePositive",
            "Makers can't save apps in Power Apps Studio",
            "Makers may have been unable to save apps in Power Apps Studio."),
        ("MF230514", "Microsoft Power Automate", "Triggers", "Power Automate", "incident", "serviceRestored",
            "Flows with scheduled triggers may not run",
            "Flows with scheduled triggers may not have run at their scheduled time."),
        ("MF246698", "Microsoft Power Automate", "Run history", "Power Automate", "advisory", "resolved",
            "Flow run history is delayed",
            "Users may have noticed delays before flow runs appeared in the run history."),
        ("YA231286", "Yammer Enterprise", "Yammer Components", "Yammer Components", "incident", "serviceRestored",
            "Users may be unable to access Yammer",
            "Users may have been unable to access Yammer."),
        ("YA253941", "Yammer Enterprise", "Notifications", "Yammer Components", "advisory", "serviceRestored",
            "Yammer email notifications are delayed",
            "Users may have received Yammer email notifications late."),
        ("PL234099", "Planner", "Planner", "Planner", "advisory", "serviceRestored",
            "Planner tasks aren't updating in Microsoft To Do",
            "Users may have noticed that Planner tasks weren't updating in Microsoft To Do."),
        ("FM235722", "Microsoft Forms", "Forms", "Microsoft Forms", "incident", "serviceRestored",
            "Users may be unable to submit responses to forms",
            "Users may have been unable to submit responses to forms."),
        ("CR237404", "Dynamics 365 Apps", "Access", "Dynamics 365 Apps", "incident", "postIncidentReviewPublished",
            "Users can't access Dynamics 365 environments in North America",
            "Users may have been unable to access Dynamics 365 environments hosted in North America."),
        ("OF238265", "Office for the web", "Word", "Office for the web", "incident", "serviceRestored",
            "Users may be unable to open documents in Word for the web",
            "Users may have been unable to open documents in Word for the web."),
        ("OF254318", "Office for the web", "Excel", "Office for the web", "advisory", "resolved",
            "Co-authoring is slow in Excel for the web",
            "Users may have experienced delays when co-authoring workbooks in Excel for the web."),
        ("OP242701", "Microsoft 365 Apps", "Outlook", "Microsoft 365 Apps", "advisory", "serviceRestored",
            "Outlook desktop client may crash when opening shared mailboxes",
            "Users may have experienced Outlook crashes when opening shared mailboxes."),
        ("OP258819", "Microsoft 365 Apps", "Activation", "Microsoft 365 Apps", "incident", "serviceRestored",
            "Users may be unable to activate Microsoft 365 Apps",
            "Users may have been unable to activate Microsoft 365 Apps."),
        ("ID244155", "Identity Service", "Multi-factor authentication", "Identity Service", "incident", "serviceRestored",
            "Users may be unable to complete multi-factor authentication",
            "Users may have been unable to complete multi-factor authentication prompts."),
        ("RM245990", "Azure Information Protection", "Protection", "Azure Information Protection", "advisory", "serviceRestored",
            "Users may be unable to open protected documents",
            "Users may have been unable to open documents protected with Azure Information Protection."),
        ("WD247733", "Microsoft Defender for Endpoint", "Alerts", "Microsoft Defender for Endpoint", "advisory", "serviceRestored",
            "Alerts may be delayed in the Microsoft 365 Defender portal",
            "Security teams may have seen delays before alerts appeared in the portal."),
        ("MD249011", "Mobile Device Management for Office 365", "Enrollment", "Mobile Device Management for Office 365", "advisory", "resolved",
            "Device enrollment fails for some Android devices",
            "Users may have been unable to enroll some Android devices."),
        ("SB250873", "Subscription and billing", "Billing", "Subscription and billing", "advisory", "serviceRestored",
            "Admins can't view invoices in the Microsoft 365 admin center",
            "Admins may have been unable to view or download invoices."),
        ("KZ252655", "Microsoft Kaizala", "Messaging", "Microsoft Kaizala", "advisory", "serviceRestored",
            "Kaizala messages are delayed",
            "Users may have received Kaizala messages late."),
    ];

    private static readonly string[] RootCauses =
    [
        "A recent update contained a code issue that caused requests to fail",
        "A section of infrastructure that processes these requests was performing below acceptable thresholds",
        "A configuration change to the authentication components caused some requests to be rejected",
        "A networking component in a data center became degraded and dropped some requests",
        "A database that stores this data reached its capacity & couldn't process new requests",
        "A dependency service was throttling requests after an unexpected surge in traffic",
    ];

    private static IEnumerable<ServiceHealthIssue> ResolvedIssues()
    {
        // Ids grow with time, as on the live service: sort by number, then spread over 2020-2021.
        var table = ResolvedIssueTable.OrderBy(t => int.Parse(t.Id[2..], Invariant)).ToList();
        var first = Utc("2020-01-07T09:00:00Z");
        for (var i = 0; i < table.Count; i++)
        {
            var t = table[i];
            var start = first.AddDays(i * 14).AddMinutes(i * 137 % 600);
            var end = start.AddHours(2 + i * 5 % 19);
            var lastModified = end.AddMinutes(25 + i * 7 % 50).AddMilliseconds(i * 37 % 1000);
            var rootCause = RootCauses[i % RootCauses.Length];

            var postCount = 1 + i % 3;
            var posts = new List<ServiceHealthIssuePost>();
            for (var p = 0; p < postCount; p++)
            {
                var isLast = p == postCount - 1;
                var created = isLast ? lastModified : start.AddMinutes(30 + p * 45).AddMilliseconds(p * 131);
                var content = isLast
                    ? FinalPost(t.Title, t.Impact, t.Status, start, end, rootCause, html: i % 2 == 1)
                    : p == 0
                        ? $"Title: {t.Title}\n\nUser Impact: {Present(t.Impact)}\n\nCurrent status: We're investigating a potential issue and checking for impact to your organization. We'll provide an update within 30 minutes."
                        : $"<p>Title: {Html(t.Title)}</p><p>User Impact: {Html(Present(t.Impact))}</p>" +
                          $"<p>Current status: We&#39;ve determined that {Html(Lower(rootCause))}, and we&#39;re deploying a fix.</p>" +
                          $"<p>Next update by: {Spoken(created.AddHours(2))}</p>";
                posts.Add(new ServiceHealthIssuePost(created, "regular", ItemBody.Html(content)));
            }

            yield return new ServiceHealthIssue
            {
                Id = t.Id,
                Title = t.Title,
                ImpactDescription = t.Impact,
                Classification = t.Classification,
                Status = t.Status,
                Service = t.Service,
                Feature = t.Feature,
                FeatureGroup = t.FeatureGroup,
                IsResolved = true,
                StartDateTime = start,
                EndDateTime = end,
                LastModifiedDateTime = lastModified,
                Details = i % 4 == 1 ? [new KeyValue("NotifyInApp", "True")] : [],
                Posts = posts,
            };
        }
    }

    private static string FinalPost(string title, string impact, string status, DateTime start, DateTime end, string rootCause, bool html)
    {
        var final = status switch
        {
            "falsePositive" => "After reviewing our telemetry, we've determined that this was a false positive and no users were affected.",
            "postIncidentReviewPublished" => "We've confirmed that the fix has resolved the issue. A post-incident report has been published.",
            "resolved" => "We've confirmed that the issue is resolved after monitoring the environment.",
            _ => "We've validated that the deployed fix has resolved the issue and that service is restored.",
        };
        var lines = new List<(string Label, string Text)>
        {
            ("Title", title),
            ("User Impact", impact),
            ("Final status", final),
            ("Start time", Spoken(start)),
            ("End time", Spoken(end)),
        };
        if (status != "falsePositive")
        {
            lines.Add(("Root cause", rootCause + "."));
        }
        if (!html)
        {
            return string.Join("\n\n", lines.Select(l => $"{l.Label}: {l.Text}")) + "\n\nThis is the final update for the event.";
        }
        var next = status == "falsePositive"
            ? ""
            : "<p>Next steps:</p><ul><li>We&#39;re reviewing our update procedures to better identify similar issues.</li>" +
              "<li>We&#39;re adding monitoring &amp; alerting for this scenario.</li></ul>";
        return string.Concat(lines.Select(l => $"<p>{l.Label}: {Html(l.Text)}</p>")) + next + "<p>This is the final update for the event.</p>";
    }

    // ------------------------------------------------------------------ messages

    /// <summary>Topics for Message Center posts: (services, feature, what it does, how to prepare).</summary>
    private static readonly (string[] Services, string Feature, string About, string Prepare)[] MessageTopics =
    [
        (["Microsoft Teams"], "meeting breakout rooms", "Meeting organizers can split participants into smaller groups & bring them back to the main meeting.", "Update your user training and let meeting organizers know about the change."),
        (["Microsoft Teams"], "live captions in meetings", "Participants can turn on live captions to follow what's being said.", "No action is required; consider updating your training materials."),
        (["Microsoft Teams"], "Together mode", "Together mode places participants in a shared background.", "Review your meeting policies if you want to control the feature."),
        (["Microsoft Teams"], "the Approvals app", "Users can create, manage and share approvals directly from Teams.", "Review the app permission policies for the Approvals app."),
        (["Microsoft Teams"], "webinar registration", "Organizers can require attendees to register for webinars.", "Review the meeting registration policy in the Teams admin center."),
        (["Microsoft Teams"], "Q&A in meetings", "Organizers can add a moderated Q&A to large meetings.", "Let your meeting organizers know about the change."),
        (["Microsoft Teams"], "presenter mode", "Presenters can show their video feed next to shared content.", "No action is required."),
        (["Exchange Online"], "plus addressing", "Users can add a tag to their address, like <user+tag@contoso.com>, to filter mail.", "Review mail flow rules that might treat plus addresses differently."),
        (["Exchange Online"], "Basic authentication for Exchange ActiveSync", "Legacy authentication for EAS is being turned off for tenants that don't use it.", "Move your devices and apps to modern authentication."),
        (["Exchange Online"], "mailbox auditing defaults", "More mailbox actions are audited by default.", "Review the audit log retention settings of your organization."),
        (["Exchange Online"], "message recall", "Users can recall messages they sent to recipients inside the organization.", "Let your helpdesk know about the change."),
        (["Exchange Online"], "the Exchange Online PowerShell V2 module", "The module uses REST-based cmdlets and modern authentication.", "Update your scripts to the latest version of the module."),
        (["Exchange Online"], "outbound spam policies", "Outbound spam filtering can automatically restrict users who send too much mail.", "Review the outbound spam filter policy in the Microsoft 365 Defender portal."),
        (["SharePoint Online"], "SharePoint 2010 workflows", "SharePoint 2010 workflows stop running in new tenants and then in existing ones.", "Move your workflows to Power Automate."),
        (["SharePoint Online"], "the SharePoint app bar", "The app bar gives users global navigation across SharePoint sites.", "Configure global navigation on your home site."),
        (["SharePoint Online"], "list formatting", "Users can format lists with conditional formatting rules.", "No action is required."),
        (["SharePoint Online"], "modern site pages", "Site pages gain new web parts and section layouts.", "Update your page templates if needed."),
        (["OneDrive for Business"], "Files On-Demand for macOS", "Files On-Demand uses the new File Provider platform on macOS.", "Make sure your Mac devices run macOS 12.1 or later."),
        (["OneDrive for Business"], "Known Folder Move", "Known Folder Move redirects Desktop, Documents & Pictures to OneDrive.", "Review your Known Folder Move group policies."),
        (["OneDrive for Business"], "the OneDrive sync app update rings", "Sync app updates roll out in rings to your devices.", "Review the update ring settings in your management tool."),
        (["SharePoint Online", "OneDrive for Business"], "the new sharing experience", "A simpler sharing dialog makes it clearer who can access a link.", "Update your documentation and training about sharing."),
        (["SharePoint Online", "OneDrive for Business"], "file request links", "Users can collect files from anyone with a request link.", "Review your external sharing settings."),
        (["Microsoft Forms"], "Forms response notifications", "Form owners get an email for each new response.", "No action is required."),
        (["Microsoft Forms"], "Forms branching", "Authors can add conditional branching to their forms.", "Let your form authors know about the change."),
        (["Planner"], "Planner task notifications", "Task assignees get notifications in Teams & Outlook.", "No action is required."),
        (["Planner"], "recurring tasks in Planner", "Users can make tasks repeat on a schedule.", "No action is required."),
        (["Yammer Enterprise"], "Yammer live events", "Communities can host live events with Q&A.", "Review the live events policy for Yammer."),
        (["Yammer Enterprise"], "Yammer community insights", "Community admins can see engagement insights.", "No action is required."),
        (["Power BI"], "Power BI dataflows", "Dataflows can be refreshed incrementally.", "Review the capacity settings of your Power BI workspaces."),
        (["Power BI"], "Power BI usage metrics", "The new usage metrics report covers all reports in a workspace.", "No action is required."),
        (["Power Apps"], "Power Apps portals", "Portals get a new design studio.", "Review your portal configuration."),
        (["Power Apps", "Power Apps in Microsoft 365"], "Power Apps canvas app templates", "New templates help makers start faster.", "No action is required."),
        (["Microsoft Power Automate"], "desktop flows", "Desktop flows can run unattended on a machine group.", "Review the machine management settings."),
        (["Microsoft Power Automate", "Power Automate in Microsoft 365"], "approvals in Power Automate", "Approvals can include attachments & custom responses.", "No action is required."),
        (["Microsoft Intune"], "Intune device compliance policies", "Devices without a compliance policy are marked as not compliant.", "Assign a compliance policy to all your devices."),
        (["Microsoft Intune"], "the Company Portal app for macOS", "The Company Portal app is required for enrollment on macOS.", "Deploy the Company Portal app to your Mac devices."),
        (["Microsoft 365 Apps"], "the Semi-Annual Enterprise Channel", "Microsoft 365 Apps updates move to a new channel schedule.", "Review your update channel configuration."),
        (["Microsoft 365 Apps"], "Office add-ins for Outlook", "Add-ins are available in the new Outlook for Windows.", "Review the add-ins deployed to your organization."),
        (["Office for the web"], "dictation in Word for the web", "Users can dictate documents in more languages.", "No action is required."),
        (["Office for the web"], "co-authoring in Excel for the web", "Co-authors see each other's selections in real time.", "No action is required."),
        (["Microsoft 365 suite"], "Microsoft 365 usage reports", "Usage reports show data for the last 180 days.", "Update any automation that reads the reports."),
        (["Microsoft 365 suite"], "Message center email digests", "Admins can choose the services covered by their weekly digest.", "Review your Message center preferences."),
        (["Microsoft 365 suite"], "Microsoft Search in Bing", "Users can find work content from Bing.", "Review the Microsoft Search settings in the admin center."),
        (["Identity Service"], "legacy authentication protocols", "Sign-ins with legacy protocols are blocked for new tenants.", "Check your sign-in logs for legacy authentication."),
        (["Azure Information Protection"], "sensitivity labels in Office apps", "Built-in labeling replaces the Azure Information Protection add-in.", "Plan your move to the built-in labeling client."),
        (["Microsoft Defender for Endpoint"], "Microsoft Defender for Endpoint on Android", "Web protection & threat scanning come to Android devices.", "Deploy the app to your Android devices."),
        (["Skype for Business"], "Skype for Business Online", "Skype for Business Online is retired in favor of Microsoft Teams.", "Upgrade your users to Teams Only mode."),
    ];

    private sealed record MessageKind(string TitleFormat, string Category, string[] Tags, bool MajorChange, bool ActionRequired);

    private static readonly MessageKind[] MessageKinds =
    [
        new("New feature: {0}", "stayInformed", ["New feature", "User impact"], false, false),
        new("(Updated) {0} rollout timeline", "planForChange", ["Updated message", "Feature update", "Admin impact"], false, false),
        new("Retirement: {0}", "planForChange", ["Retirement", "Admin impact"], true, true),
        new("Action recommended: review your settings for {1}", "preventOrFixIssue", ["Admin impact"], false, true),
    ];

    private static readonly HashSet<int> HighSeverity = [12, 38, 71, 99, 126];
    private static readonly HashSet<int> CriticalSeverity = [54, 117];

    private static IEnumerable<ServiceUpdateMessage> Messages()
    {
        yield return new ServiceUpdateMessage
        {
            // Modelled on the Graph reference sample messages_get.json.
            Id = "MC172851",
            Title = "(Updated) New feature: Changes to PowerPoint and Word to open files faster",
            StartDateTime = Utc("2019-02-01T18:51:00Z"),
            EndDateTime = Utc("2019-06-01T08:00:00Z"),
            LastModifiedDateTime = Utc("2021-01-08T01:10:06.843Z"),
            Category = "stayInformed",
            Severity = "normal",
            Tags = ["Updated message"],
            IsMajorChange = true,
            ActionRequiredByDateTime = null,
            Services = ["SharePoint Online", "OneDrive for Business"],
            ExpiryDateTime = null,
            HasAttachments = false,
            Details = [new KeyValue("ExternalLink", "https://support.office.com/article/office-document-cache-settings-4b497318-ae4f-4a99-be42-b242b2e8b692")],
            Body = ItemBody.Html(
                "Updated January 07, 2021: Based on learnings from our early rings, we have made the decision to make additional changes to the code " +
                "before we proceed with the rollout. We will update the Message center post once we re-start the rollout.  Thank you for your patience.\n\n" +
                "PowerPoint and Word will open files faster by using the Office document cache to download only the parts of a file that changed."),
            ViewPoint = null,
        };

        const int generated = 140;
        var first = Utc("2019-05-06T17:00:00Z");
        for (var i = 0; i < generated; i++)
        {
            var topic = MessageTopics[i % MessageTopics.Length];
            var round = i / MessageTopics.Length;
            var kind = MessageKinds[(i % MessageTopics.Length + round) % MessageKinds.Length];

            var severity = CriticalSeverity.Contains(i) ? "critical" : HighSeverity.Contains(i) ? "high" : "normal";
            var category = severity == "normal" ? kind.Category : "preventOrFixIssue";
            var hasAttachments = i % 29 == 3;
            var tags = kind.Tags.ToList();
            if (hasAttachments)
            {
                tags.Add("Data privacy");
            }
            if (i % 5 == 0 && !tags.Contains("User impact"))
            {
                tags.Add("User impact");
            }

            var start = first.AddDays(i * 4).AddMinutes(i * 97 % 720);
            var end = start.AddDays(60 + i * 13 % 120);
            var lastModified = start.AddDays(i * 11 % 45).AddHours(i % 7).AddMilliseconds(i * 53 % 1000);
            DateTime? actionRequiredBy = kind.ActionRequired || severity != "normal"
                ? start.AddDays(90 + i % 4 * 30).Date.AddHours(7)
                : null;

            var details = new List<KeyValue>();
            if (i % 3 == 0)
            {
                details.Add(new KeyValue("ExternalLink", $"https://learn.microsoft.com/microsoft-365/admin/{Slug(topic.Feature)}"));
            }
            if (i % 10 == 4)
            {
                details.Add(new KeyValue("BlogLink", $"https://techcommunity.microsoft.com/t5/microsoft-365-blog/{Slug(topic.Feature)}/ba-p/{2000000 + i * 7919}"));
            }

            yield return new ServiceUpdateMessage
            {
                // MC1xxxxx, strictly increasing with i (the step exceeds the jitter), so unique.
                Id = "MC" + (150000 + i * 347 + i * 53 % 300).ToString(Invariant),
                Title = string.Format(Invariant, kind.TitleFormat, Capitalized(topic.Feature), topic.Feature),
                StartDateTime = start,
                EndDateTime = end,
                LastModifiedDateTime = lastModified,
                Category = category,
                Severity = severity,
                Tags = tags,
                IsMajorChange = kind.MajorChange || i % 5 == 0,
                ActionRequiredByDateTime = actionRequiredBy,
                Services = topic.Services,
                ExpiryDateTime = i % 4 == 1 ? null : end.AddDays(30),
                HasAttachments = hasAttachments,
                Details = details,
                Body = ItemBody.Html(MessageBody(topic.Feature, topic.About, topic.Prepare, kind, start, actionRequiredBy, 60000 + i * 173 % 30000)),
                ViewPoint = null,
            };
        }
    }

    private static string MessageBody(string feature, string about, string prepare, MessageKind kind, DateTime start, DateTime? actionRequiredBy, int roadmapId)
    {
        var month = start.AddDays(14).ToString("MMMM yyyy", Invariant);
        var completeMonth = start.AddDays(75).ToString("MMMM yyyy", Invariant);
        var intro = kind.Category == "planForChange" && kind.ActionRequired
            ? $"We&#39;re retiring {Html(feature)}. {Html(about)}"
            : $"We&#39;re making changes to {Html(feature)}. {Html(about)}";
        var action = actionRequiredBy is DateTime due
            ? $"<p><strong>Action required by:</strong> {due.ToString("MMMM d, yyyy", Invariant)}</p>"
            : "";
        return
            $"<p>{intro}</p>" +
            $"<p>This message is associated with Microsoft 365 <a href=\"https://www.microsoft.com/microsoft-365/roadmap?filters=&amp;searchterms={roadmapId}\" target=\"_blank\">Roadmap ID {roadmapId}</a>.</p>" +
            "<p><strong>When this will happen:</strong></p>" +
            $"<ul><li>Targeted release: we&#39;ll begin rolling out in {month}.</li><li>Standard release: we expect to complete the rollout by {completeMonth}.</li></ul>" +
            "<p><strong>How this will affect your organization:</strong></p>" +
            $"<p>{Html(about)} Users with the &quot;Message center reader&quot; role will see this post.</p>" +
            "<p><strong>What you need to do to prepare:</strong></p>" +
            action +
            $"<p>{Html(prepare)} <a href=\"https://learn.microsoft.com/microsoft-365/admin/{Slug(feature)}\" target=\"_blank\">Learn more</a>.</p>";
    }

    // ------------------------------------------------------------------ helpers

    private static DateTime Utc(string iso) =>
        DateTime.Parse(iso, Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>HTML-encoded text as Graph sends it: apostrophes as &#39;, ampersands as &amp;.</summary>
    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Spoken(DateTime utc) => utc.ToString("dddd, MMMM d, yyyy, 'at' h:mm tt 'UTC'", Invariant);

    private static string Present(string impact) => impact.Replace("may have been", "may be").Replace("may have ", "may ");

    private static string Lower(string sentence) => char.ToLowerInvariant(sentence[0]) + sentence[1..];

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Slug(string text) =>
        string.Join('-', text.ToLowerInvariant().Split([' ', '&', '\'', '.'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Fails fast if an edit breaks the demo data's documented shape.</summary>
    private static void Validate(Tenant tenant)
    {
        void Check(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"Demo tenant data is inconsistent: {what}.");
            }
        }

        Check(tenant.Services.Count == 27, "27 services");
        Check(tenant.Issues.Count == 55, "55 issues");
        Check(tenant.Issues.Count(i => !i.IsResolved) == 5, "5 active issues");
        Check(tenant.Issues.Select(i => i.Id).Distinct().Count() == 55, "unique issue ids");
        Check(tenant.Issues.All(i => tenant.Services.Any(s => s.DisplayName == i.Service)), "issue services are known");
        Check(tenant.Issues.All(i => i.LastModifiedDateTime >= i.StartDateTime), "issues modified after start");
        Check(tenant.FindIssue("LY197383")?.Posts.Select(p => p.CreatedDateTime).Distinct().Count() == 4, "LY197383 has 4 distinct posts");
        Check(tenant.Messages.Count == 141, "141 messages");
        Check(tenant.Messages.Select(m => m.Id).Distinct().Count() == 141, "unique message ids");
        Check(tenant.Messages.Count(m => m.Severity == "normal") == 134, "134 normal messages");
        Check(tenant.Messages.Count(m => m.Severity == "high") == 5, "5 high messages");
        Check(tenant.Messages.Count(m => m.Severity == "critical") == 2, "2 critical messages");
        Check(tenant.Messages.All(m => m.Id.Length == 8 && m.Id.StartsWith("MC1", StringComparison.Ordinal)), "MC1xxxxx ids");
        Check(tenant.Messages.All(m => m.Services.All(s => tenant.Services.Any(k => k.DisplayName == s))), "message services are known");
        Check(tenant.Messages.All(m => m.LastModifiedDateTime >= m.StartDateTime), "messages modified after start");
    }
}
