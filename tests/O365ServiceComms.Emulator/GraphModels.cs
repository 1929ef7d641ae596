using System.Text.Json.Serialization;

namespace O365ServiceComms.Emulator;

// Graph resource shapes (microsoft.graph namespace) as the live service serializes them.
// Property declaration order is the JSON order. Enum-typed properties are plain strings holding the
// live lower-camel-case values, so a test tenant can also carry values a client does not know yet.

internal static class GraphRoles
{
    public const string ServiceHealthReadAll = "ServiceHealth.Read.All";
    public const string ServiceMessageReadAll = "ServiceMessage.Read.All";
}

/// <summary>microsoft.graph.itemBody</summary>
internal sealed record ItemBody(string ContentType, string Content)
{
    public static ItemBody Html(string content) => new("html", content);
}

/// <summary>microsoft.graph.keyValuePair</summary>
internal sealed record KeyValue(string Name, string Value);

/// <summary>microsoft.graph.serviceHealthIssuePost</summary>
internal sealed record ServiceHealthIssuePost(DateTime CreatedDateTime, string PostType, ItemBody Description);

/// <summary>microsoft.graph.serviceHealth (a healthOverviews item).</summary>
internal sealed record ServiceHealth(
    string Service,
    string Status,
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ServiceHealthIssue>? Issues);

/// <summary>What Graph sorts issues and Message Center posts by.</summary>
internal interface IServiceAnnouncement
{
    string Id { get; }
    DateTime LastModifiedDateTime { get; }
}

/// <summary>microsoft.graph.serviceHealthIssue</summary>
internal sealed class ServiceHealthIssue : IServiceAnnouncement
{
    public required DateTime StartDateTime { get; init; }
    public DateTime? EndDateTime { get; init; }
    public required DateTime LastModifiedDateTime { get; init; }
    public required string Title { get; init; }
    public required string Id { get; init; }
    public required string ImpactDescription { get; init; }
    public required string Classification { get; init; }
    public string Origin { get; init; } = "microsoft";
    public required string Status { get; init; }
    /// <summary>Display name: Graph gives issues no service id.</summary>
    public required string Service { get; init; }
    public required string Feature { get; init; }
    public required string FeatureGroup { get; init; }
    public required bool IsResolved { get; init; }
    /// <summary>Not in the schema; the live service sends it, usually null.</summary>
    public object? HighImpact { get; init; }
    public IReadOnlyList<KeyValue> Details { get; init; } = [];
    public required IReadOnlyList<ServiceHealthIssuePost> Posts { get; init; }
}

/// <summary>microsoft.graph.serviceAnnouncementViewpoint (null under application permissions).</summary>
internal sealed record MessageViewpoint(bool IsRead, bool IsArchived, bool IsFavorited);

/// <summary>microsoft.graph.serviceUpdateMessage (Message Center post). A record, so a user's viewPoint can be set on a copy.</summary>
internal sealed record ServiceUpdateMessage : IServiceAnnouncement
{
    public required DateTime StartDateTime { get; init; }
    public DateTime? EndDateTime { get; init; }
    public required DateTime LastModifiedDateTime { get; init; }
    public required string Title { get; init; }
    public required string Id { get; init; }
    public required string Category { get; init; }
    public required string Severity { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required bool IsMajorChange { get; init; }
    public DateTime? ActionRequiredByDateTime { get; init; }
    public required IReadOnlyList<string> Services { get; init; }
    /// <summary>Not in the v1.0 schema; the live service sends it.</summary>
    public DateTime? ExpiryDateTime { get; init; }
    public bool HasAttachments { get; init; }
    public IReadOnlyList<KeyValue> Details { get; init; } = [];
    public required ItemBody Body { get; init; }
    public MessageViewpoint? ViewPoint { get; init; }
}

/// <summary>microsoft.graph.serviceAnnouncementAttachment; the bytes are served by .../content and the archive only.</summary>
internal sealed record ServiceAnnouncementAttachment(
    string ContentType,
    bool IsInline,
    DateTime LastModifiedDateTime,
    string Name,
    int Size,
    string Id)
{
    [JsonIgnore]
    public byte[] Content { get; init; } = [];
}
