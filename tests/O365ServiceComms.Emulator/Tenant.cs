namespace O365ServiceComms.Emulator;

/// <summary>An app registration (plus its service principal) in a tenant.</summary>
/// <param name="ClientSecret">Null for an app without a secret (a public client, a managed identity).</param>
/// <param name="Roles">Application permissions on Microsoft Graph granted with admin consent.</param>
internal sealed record RegisteredApp(
    string ClientId,
    string DisplayName,
    string ServicePrincipalId,
    string? ClientSecret,
    IReadOnlyList<string> Roles)
{
    /// <summary>"Allow public client flows": device code and browser sign-in without a client credential.</summary>
    public bool IsPublicClient { get; init; }

    /// <summary>Delegated permissions on Microsoft Graph granted with admin consent (scp of users' tokens).</summary>
    public IReadOnlyList<string> DelegatedScopes { get; init; } = [];

    /// <summary>The service principal of a managed identity: tokens come only from the managed identity endpoint.</summary>
    public bool IsManagedIdentity { get; init; }

    /// <summary>Certificates whose public keys are registered on the app (tests add them through the control API).</summary>
    public RegisteredCertificates Certificates { get; } = new();
}

/// <summary>A user who can sign in (device code, browser) in a tenant.</summary>
internal sealed record TenantUser(string ObjectId, string UserPrincipalName, string DisplayName);

/// <summary>A healthOverviews entry: the legacy workload id, display name and current status.</summary>
internal sealed record MonitoredService(string Id, string DisplayName, string Status);

/// <summary>One Entra tenant: who can sign in and what Graph's service communications API shows it.</summary>
internal sealed partial class Tenant
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public required IReadOnlyList<string> Domains { get; init; }
    public required IReadOnlyList<RegisteredApp> Apps { get; init; }
    public required IReadOnlyList<MonitoredService> Services { get; init; }

    /// <summary>Users who can sign in; the first one is who a device code or browser sign-in signs in by default.</summary>
    public IReadOnlyList<TenantUser> Users { get; init; } = [];

    /// <summary>Kept in the order Graph lists them: lastModifiedDateTime descending, then id.</summary>
    public IReadOnlyList<ServiceHealthIssue> Issues { get; private set; }

    /// <summary>Kept in the order Graph lists them: lastModifiedDateTime descending, then id.</summary>
    public IReadOnlyList<ServiceUpdateMessage> Messages { get; private set; }

    public Tenant(IEnumerable<ServiceHealthIssue> issues, IEnumerable<ServiceUpdateMessage> messages)
    {
        Issues = InGraphOrder(issues);
        Messages = InGraphOrder(messages);
    }

    /// <summary>The order Graph lists issues and posts in: lastModifiedDateTime descending, then id.</summary>
    private static List<T> InGraphOrder<T>(IEnumerable<T> items) where T : IServiceAnnouncement =>
        items.OrderByDescending(i => i.LastModifiedDateTime).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

    /// <summary>The token URL names a tenant by id or by any verified domain.</summary>
    public bool IsKnownAs(string idOrDomain) =>
        string.Equals(Id, idOrDomain, StringComparison.OrdinalIgnoreCase) ||
        Domains.Contains(idOrDomain, StringComparer.OrdinalIgnoreCase);

    public TenantUser? FindUser(string? userPrincipalName) =>
        userPrincipalName is null
            ? Users.FirstOrDefault()
            : Users.FirstOrDefault(u => string.Equals(u.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase));

    public RegisteredApp? FindApp(string clientId) =>
        Apps.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.OrdinalIgnoreCase));

    /// <summary>healthOverviews/{key}: the service id or its display name.</summary>
    public MonitoredService? FindService(string key) =>
        Services.FirstOrDefault(s => string.Equals(s.Id, key, StringComparison.OrdinalIgnoreCase))
        ?? Services.FirstOrDefault(s => string.Equals(s.DisplayName, key, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<ServiceHealthIssue> IssuesOf(MonitoredService service) =>
        Issues.Where(i => string.Equals(i.Service, service.DisplayName, StringComparison.Ordinal)).ToList();

    public ServiceHealthIssue? FindIssue(string id) =>
        Issues.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

    public ServiceUpdateMessage? FindMessage(string id) =>
        Messages.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
}

internal sealed class TenantDirectory(IReadOnlyList<Tenant> tenants)
{
    private readonly IReadOnlyList<Tenant> _initial = tenants;
    private readonly Lock _lock = new();
    private IReadOnlyList<Tenant> _tenants = tenants;

    /// <summary>Swapped as a whole when tests add tenants (ScaleEndpoints.cs): readers never see a half-made list.</summary>
    public IReadOnlyList<Tenant> Tenants => Volatile.Read(ref _tenants);

    /// <summary>Adds the tenants; one with the id of a tenant already there replaces it.</summary>
    public void Put(IReadOnlyCollection<Tenant> tenants)
    {
        lock (_lock)
        {
            var ids = tenants.Select(t => t.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Volatile.Write(ref _tenants, Tenants.Where(t => !ids.Contains(t.Id)).Concat(tenants).ToList());
        }
    }

    /// <summary>Back to the tenants the emulator started with.</summary>
    public void Restore()
    {
        lock (_lock)
        {
            Volatile.Write(ref _tenants, _initial);
        }
    }

    /// <summary>By tenant id or domain, as the token URL names it.</summary>
    public Tenant? Find(string idOrDomain) => Tenants.FirstOrDefault(t => t.IsKnownAs(idOrDomain));

    /// <summary>An app or managed identity by client id, in whichever tenant it is registered.</summary>
    public (Tenant Tenant, RegisteredApp App)? FindAppAnywhere(string clientId) =>
        Tenants.Select(t => (Tenant: t, App: t.FindApp(clientId))).Where(x => x.App is not null).Select(x => ((Tenant, RegisteredApp)?)(x.Tenant, x.App!)).FirstOrDefault();

    /// <summary>By the tid claim of a token.</summary>
    public Tenant? FindById(string tenantId) =>
        Tenants.FirstOrDefault(t => string.Equals(t.Id, tenantId, StringComparison.OrdinalIgnoreCase));
}
