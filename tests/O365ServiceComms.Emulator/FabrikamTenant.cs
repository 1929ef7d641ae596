using System.Globalization;

namespace O365ServiceComms.Emulator;

/// <summary>
/// A second, small tenant (Fabrikam) with its own id, apps, user and data, so tests can show that two connections
/// read two tenants: 5 services (Exchange degraded), 3 issues (EX198112 active), 3 Message Center posts.
/// </summary>
internal static class FabrikamTenant
{
    public const string TenantId = "3f2a9c4e-8b1d-4e6f-a2c7-5d9e0b1f4a63";
    public const string Domain = "fabrikam.onmicrosoft.com";

    public const string AppClientId = "9d1c3a55-0f7e-4c2b-8a61-2b7d4e9f3c08";
    public const string AppSecret = "Fabrikam~Secret~5550123";
    public const string PublicClientId = "4e6a8c0b-2d4f-4a6c-8e0a-3b5d7f9a1c27";
    public const string UserPrincipalName = "megan@fabrikam.onmicrosoft.com";

    public static Tenant Create()
    {
        var tenant = new Tenant(Issues(), Messages())
        {
            Id = TenantId,
            DisplayName = "Fabrikam",
            Domains = [Domain, "fabrikam.com"],
            Apps =
            [
                new RegisteredApp(AppClientId, "Fabrikam service health", "8b0d2f4a-6c8e-4a0c-9e2b-4d6f8a0c2e59", AppSecret,
                    [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll]),
                new RegisteredApp(PublicClientId, "Fabrikam service health for admins", "2a4c6e8f-0b2d-4f6a-8c0e-5b7d9f1a3c61", null, [])
                {
                    IsPublicClient = true,
                    DelegatedScopes = [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll, ViewPointEndpoints.ViewPointWrite],
                },
            ],
            Services =
            [
                new("Exchange", "Exchange Online", "serviceDegradation"),
                new("Intune", "Microsoft Intune", "serviceOperational"),
                new("microsoftteams", "Microsoft Teams", "serviceOperational"),
                new("OneDriveForBusiness", "OneDrive for Business", "serviceOperational"),
                new("SharePoint", "SharePoint Online", "serviceOperational"),
            ],
            Users = [new TenantUser("5c7e9a1b-3d5f-4b7a-9c1e-6d8f0a2b4c73", UserPrincipalName, "Megan Bowen")],
        };
        return tenant;
    }

    private static IEnumerable<ServiceHealthIssue> Issues()
    {
        ServiceHealthIssuePost Post(string created, string text) => new(Utc(created), "regular", ItemBody.Html(text));

        yield return new ServiceHealthIssue
        {
            Id = "EX198112",
            Title = "Some users can't access shared mailboxes in Outlook on the web",
            ImpactDescription = "Users may be unable to open shared mailboxes in Outlook on the web.",
            Classification = "incident",
            Status = "serviceDegradation",
            Service = "Exchange Online",
            Feature = "Outlook on the web",
            FeatureGroup = "Management and Provisioning",
            IsResolved = false,
            StartDateTime = Utc("2021-11-16T08:10:00Z"),
            LastModifiedDateTime = Utc("2021-11-16T09:42:31.5Z"),
            Posts =
            [
                Post("2021-11-16T08:35:02.1Z", "<p>Title: Some users can&#39;t access shared mailboxes in Outlook on the web</p><p>User Impact: Users may be unable to open shared mailboxes.</p>"),
                Post("2021-11-16T09:42:31.5Z", "<p>We&#39;re rolling back a recent change that we believe is the cause.</p>"),
            ],
        };
        yield return new ServiceHealthIssue
        {
            Id = "EX197903",
            Title = "Delays sending email to external recipients",
            ImpactDescription = "Users may have seen delays when sending email to external recipients.",
            Classification = "incident",
            Status = "serviceRestored",
            Service = "Exchange Online",
            Feature = "E-Mail and calendar access",
            FeatureGroup = "E-Mail and calendar access",
            IsResolved = true,
            StartDateTime = Utc("2021-11-09T13:00:00Z"),
            EndDateTime = Utc("2021-11-09T16:20:00Z"),
            LastModifiedDateTime = Utc("2021-11-09T16:48:12Z"),
            Posts = [Post("2021-11-09T16:48:12Z", "<p>Final status: We&#39;ve restored mail flow to external recipients.</p>")],
        };
        yield return new ServiceHealthIssue
        {
            Id = "TM198004",
            Title = "Meeting recordings may take longer to appear",
            ImpactDescription = "Users may have seen delays before meeting recordings appeared in the chat.",
            Classification = "advisory",
            Status = "resolved",
            Service = "Microsoft Teams",
            Feature = "Teams Components",
            FeatureGroup = "Microsoft Teams",
            IsResolved = true,
            StartDateTime = Utc("2021-11-12T10:00:00Z"),
            EndDateTime = Utc("2021-11-12T12:30:00Z"),
            LastModifiedDateTime = Utc("2021-11-12T12:51:40Z"),
            Posts = [Post("2021-11-12T12:51:40Z", "<p>Final status: Recordings now appear as expected.</p>")],
        };
    }

    private static IEnumerable<ServiceUpdateMessage> Messages()
    {
        ServiceUpdateMessage Message(string id, string title, string category, string severity, string service, string start, string modified) => new()
        {
            Id = id,
            Title = title,
            Category = category,
            Severity = severity,
            IsMajorChange = false,
            Services = [service],
            StartDateTime = Utc(start),
            EndDateTime = Utc(start).AddDays(90),
            LastModifiedDateTime = Utc(modified),
            Body = ItemBody.Html($"<p>{title}.</p><p>This message is for Fabrikam.</p>"),
        };

        yield return Message("MC198201", "Plan for change: Retirement of the legacy Exchange admin center", "planForChange", "high",
            "Exchange Online", "2021-10-01T17:00:00Z", "2021-11-01T17:00:00Z");
        yield return Message("MC198202", "New feature: Meeting recap in Microsoft Teams", "stayInformed", "normal",
            "Microsoft Teams", "2021-10-15T17:00:00Z", "2021-10-20T17:00:00Z");
        yield return Message("MC198203", "Updated storage limits for OneDrive", "stayInformed", "normal",
            "OneDrive for Business", "2021-10-22T17:00:00Z", "2021-10-25T17:00:00Z");
    }

    private static DateTime Utc(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
