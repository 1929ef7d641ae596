using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Changes the tests make to a tenant's issues and messages, as the service would (a new post, a new title, a later
/// lastModifiedDateTime); POST /_emulator/reset undoes them all.
/// </summary>
internal sealed partial class Tenant
{
    private readonly object _changeLock = new();
    private (IReadOnlyList<ServiceHealthIssue> Issues, IReadOnlyList<ServiceUpdateMessage> Messages)? _original;

    /// <summary>Replaces an issue by a changed copy; null when there is no such issue.</summary>
    public ServiceHealthIssue? ChangeIssue(string id, Func<ServiceHealthIssue, ServiceHealthIssue> change)
    {
        lock (_changeLock)
        {
            var issue = FindIssue(id);
            if (issue is null)
            {
                return null;
            }
            _original ??= (Issues, Messages);
            var changed = change(issue);
            Issues = Replaced(Issues, issue, changed);
            return changed;
        }
    }

    /// <summary>Replaces a Message Center post by a changed copy; null when there is no such post.</summary>
    public ServiceUpdateMessage? ChangeMessage(string id, Func<ServiceUpdateMessage, ServiceUpdateMessage> change)
    {
        lock (_changeLock)
        {
            var message = FindMessage(id);
            if (message is null)
            {
                return null;
            }
            _original ??= (Issues, Messages);
            var changed = change(message);
            Messages = Replaced(Messages, message, changed);
            return changed;
        }
    }

    /// <summary>The list with <paramref name="old"/> replaced, in Graph's order again (the change may move it).</summary>
    private static List<T> Replaced<T>(IReadOnlyList<T> items, T old, T changed) where T : class, IServiceAnnouncement =>
        InGraphOrder(items.Select(i => ReferenceEquals(i, old) ? changed : i));

    /// <summary>Back to the data the tenant was created with.</summary>
    public void RestoreOriginalData()
    {
        lock (_changeLock)
        {
            if (_original is { } original)
            {
                (Issues, Messages) = original;
                _original = null;
            }
        }
    }
}

/// <summary>
/// POST /_emulator/issues/{id}/touch and POST /_emulator/messages/{id}/touch: the item changes as it would on the
/// service. An issue gets a new post (body "post", HTML; a default text otherwise), a message a new body ("body");
/// "title", "status", "isResolved", "actionRequiredByDateTime" replace those fields; lastModifiedDateTime becomes
/// "lastModifiedDateTime" if given, otherwise now, and always later than before. Answers the changed item.
/// </summary>
internal static class DataChangeEndpoints
{
    public static void MapDataChangeEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator");
        control.MapPost("/issues/{id}/touch", TouchIssueAsync);
        control.MapPost("/messages/{id}/touch", TouchMessageAsync);
    }

    private static async Task<IResult> TouchIssueAsync(string id, HttpContext context, TenantDirectory tenants)
    {
        var (fields, error) = await ReadFieldsAsync(context, "title", "post", "status", "isResolved", "lastModifiedDateTime");
        if (error is not null)
        {
            return error;
        }

        var tenant = tenants.Tenants.FirstOrDefault(t => t.FindIssue(id) is not null);
        var changed = tenant?.ChangeIssue(id, issue =>
        {
            var modified = NextModified(issue.LastModifiedDateTime, fields);
            var content = Text(fields, "post") ?? $"<p>Update from the emulator at {modified:u}.</p>";
            return new ServiceHealthIssue
            {
                StartDateTime = issue.StartDateTime,
                EndDateTime = issue.EndDateTime,
                LastModifiedDateTime = modified,
                Title = Text(fields, "title") ?? issue.Title,
                Id = issue.Id,
                ImpactDescription = issue.ImpactDescription,
                Classification = issue.Classification,
                Origin = issue.Origin,
                Status = Text(fields, "status") ?? issue.Status,
                Service = issue.Service,
                Feature = issue.Feature,
                FeatureGroup = issue.FeatureGroup,
                IsResolved = fields.TryGetValue("isResolved", out var resolved) && resolved.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? resolved.GetBoolean()
                    : issue.IsResolved,
                HighImpact = issue.HighImpact,
                Details = issue.Details,
                Posts = [.. issue.Posts, new ServiceHealthIssuePost(modified, "regular", ItemBody.Html(content))],
            };
        });
        return changed is null ? NotFound(id) : Results.Json(changed, Json.Options);
    }

    private static async Task<IResult> TouchMessageAsync(string id, HttpContext context, TenantDirectory tenants)
    {
        var (fields, error) = await ReadFieldsAsync(context, "title", "body", "actionRequiredByDateTime", "lastModifiedDateTime");
        if (error is not null)
        {
            return error;
        }

        var tenant = tenants.Tenants.FirstOrDefault(t => t.FindMessage(id) is not null);
        var changed = tenant?.ChangeMessage(id, message =>
        {
            var modified = NextModified(message.LastModifiedDateTime, fields);
            var body = Text(fields, "body");
            return new ServiceUpdateMessage
            {
                StartDateTime = message.StartDateTime,
                EndDateTime = message.EndDateTime,
                LastModifiedDateTime = modified,
                Title = Text(fields, "title") ?? message.Title,
                Id = message.Id,
                Category = message.Category,
                Severity = message.Severity,
                Tags = message.Tags,
                IsMajorChange = message.IsMajorChange,
                ActionRequiredByDateTime = Time(fields, "actionRequiredByDateTime") ?? message.ActionRequiredByDateTime,
                Services = message.Services,
                ExpiryDateTime = message.ExpiryDateTime,
                HasAttachments = message.HasAttachments,
                Details = message.Details,
                Body = body is null ? message.Body : ItemBody.Html(body),
                ViewPoint = message.ViewPoint,
            };
        });
        return changed is null ? NotFound(id) : Results.Json(changed, Json.Options);
    }

    // Later than before even when two touches fall in the same second, so every touch is a change.
    private static DateTime NextModified(DateTime previous, Dictionary<string, JsonElement> fields)
    {
        if (Time(fields, "lastModifiedDateTime") is { } given)
        {
            return given;
        }
        var now = DateTime.UtcNow;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return now > previous ? now : previous.AddSeconds(1);
    }

    private static string? Text(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTime? Time(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time.UtcDateTime
            : null;

    /// <summary>The body's properties (an empty or missing body is fine); unknown names are refused so a typo does not pass silently.</summary>
    private static async Task<(Dictionary<string, JsonElement> Fields, IResult? Error)> ReadFieldsAsync(HttpContext context, params string[] known)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text))
        {
            return (fields, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (fields, BadRequest("Body must be a JSON object."));
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    return (fields, BadRequest($"Unknown field '{property.Name}'. Known: {string.Join(", ", known)}."));
                }
                fields[property.Name] = property.Value.Clone();
            }
            return (fields, null);
        }
        catch (JsonException e)
        {
            return (fields, BadRequest($"Body is not JSON: {e.Message}"));
        }
    }

    private static IResult NotFound(string id) =>
        Results.Json(new { error = $"No issue or message '{id}' in any tenant." }, Json.Options, statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string message) =>
        Results.Json(new { error = message }, Json.Options, statusCode: StatusCodes.Status400BadRequest);
}
