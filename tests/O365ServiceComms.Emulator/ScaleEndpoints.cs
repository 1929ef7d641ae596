using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Control API for scale tests and benchmarks (no authentication, not logged):
/// POST /_emulator/tenants (clones of the demo tenant), POST /_emulator/latency (per-tenant delay of Graph answers),
/// POST /_emulator/latency/peak (how many delayed Graph requests were in flight at most since the last call; resets it),
/// POST /_emulator/dataset (a large synthetic issue and message list), POST /_emulator/scale/reset (undo all of it).
/// </summary>
internal static class ScaleEndpoints
{
    public const int MaxTenants = 500;
    public const int MaxItems = 200_000;
    public const int MaxLatencyMilliseconds = 60_000;

    public static void MapScaleEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator");
        control.MapPost("/tenants", AddTenantsAsync);
        control.MapPost("/latency", SetLatencyAsync);
        control.MapPost("/latency/peak", (TenantLatency latency) => Results.Json(new { peakInFlight = latency.TakePeak() }, Json.Options));
        control.MapPost("/dataset", LoadDatasetAsync);
        control.MapPost("/scale/reset", (TenantDirectory directory, TenantLatency latency) =>
        {
            directory.Restore();
            latency.Clear();
            return Results.Json(new { tenants = directory.Tenants.Count }, Json.Options);
        });
    }

    /// <summary>
    /// Body {"count": N, "latencyMs": M}: tenants 1..N (tenant001.onmicrosoft.com ...), each a copy of the demo tenant's
    /// data with both demo apps registered, plus a post MC9nnnnn and an active Exchange issue EX9nnnnn of its own, so
    /// that a test can tell whose data it got. Calling it again replaces tenants with the same number.
    /// </summary>
    private static async Task<IResult> AddTenantsAsync(HttpContext context, TenantDirectory directory, TenantLatency latency)
    {
        var body = await ReadObjectAsync(context);
        if (body.Error is not null)
        {
            return BadRequest(body.Error);
        }

        var count = body.Int("count", 1, MaxTenants, required: true, out var countError);
        var delay = body.Int("latencyMs", 0, MaxLatencyMilliseconds, required: false, out var delayError);
        var error = countError ?? delayError ?? body.Unknown("count", "latencyMs");
        if (error is not null)
        {
            return BadRequest(error);
        }

        var demo = DemoTenant.Create();
        var clones = Enumerable.Range(1, count!.Value).Select(index => ScaleData.Clone(demo, index)).ToList();
        directory.Put(clones);
        foreach (var clone in clones)
        {
            latency.Set(clone.Id, delay ?? 0);
        }

        return Results.Json(clones.Select(t => new { id = t.Id, domain = t.Domains[0], displayName = t.DisplayName }), Json.Options);
    }

    /// <summary>Body {"tenant": "id or domain", "milliseconds": N}: every Graph answer to that tenant's tokens waits N ms first.</summary>
    private static async Task<IResult> SetLatencyAsync(HttpContext context, TenantDirectory directory, TenantLatency latency)
    {
        var body = await ReadObjectAsync(context);
        if (body.Error is not null)
        {
            return BadRequest(body.Error);
        }

        var milliseconds = body.Int("milliseconds", 0, MaxLatencyMilliseconds, required: true, out var millisecondsError);
        var error = millisecondsError ?? body.Unknown("tenant", "milliseconds");
        if (error is not null)
        {
            return BadRequest(error);
        }

        var tenant = directory.Find(body.String("tenant") ?? DemoTenant.TenantId);
        if (tenant is null)
        {
            return BadRequest($"Unknown tenant '{body.String("tenant")}'.");
        }

        latency.Set(tenant.Id, milliseconds!.Value);
        return Results.Json(new { tenant = tenant.Id, milliseconds }, Json.Options);
    }

    /// <summary>
    /// Body {"tenant": "id or domain" (default: the demo tenant), "messages": N, "issues": N}: replaces the tenant's
    /// issues and Message Center posts with N synthetic ones each, made from the demo data. Deterministic. Its pages
    /// are then answered from memory after the first time (DatasetPageCache).
    /// </summary>
    private static async Task<IResult> LoadDatasetAsync(HttpContext context, TenantDirectory directory, DatasetPageCache cache)
    {
        var body = await ReadObjectAsync(context);
        if (body.Error is not null)
        {
            return BadRequest(body.Error);
        }

        var messages = body.Int("messages", 0, MaxItems, required: true, out var messageError);
        var issues = body.Int("issues", 0, MaxItems, required: true, out var issueError);
        var error = messageError ?? issueError ?? body.Unknown("tenant", "messages", "issues");
        if (error is not null)
        {
            return BadRequest(error);
        }

        var tenant = directory.Find(body.String("tenant") ?? DemoTenant.TenantId);
        if (tenant is null)
        {
            return BadRequest($"Unknown tenant '{body.String("tenant")}'.");
        }

        var loaded = ScaleData.WithDataset(tenant, DemoTenant.Create(), messages!.Value, issues!.Value);
        cache.Enable(loaded);
        directory.Put([loaded]);
        return Results.Json(new { tenant = loaded.Id, messages = loaded.Messages.Count, issues = loaded.Issues.Count }, Json.Options);
    }

    private static async Task<ControlBody> ReadObjectAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new ControlBody(document.RootElement.Clone(), null)
                : new ControlBody(default, "Body must be a JSON object.");
        }
        catch (JsonException e)
        {
            return new ControlBody(default, $"Body is not JSON: {e.Message}");
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Json(new { error = message }, Json.Options, statusCode: StatusCodes.Status400BadRequest);

    private readonly record struct ControlBody(JsonElement Root, string? Error)
    {
        public string? String(string name) =>
            Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public int? Int(string name, int min, int max, bool required, out string? error)
        {
            error = null;
            if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                error = required ? $"'{name}' is required." : null;
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
            {
                return number;
            }

            error = $"'{name}' must be an integer from {min} to {max}.";
            return null;
        }

        /// <summary>Unknown names are rejected, so a typo in a test does not pass silently.</summary>
        public string? Unknown(params string[] known) =>
            Root.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !known.Contains(name, StringComparer.OrdinalIgnoreCase)) is string name
                ? $"Unknown property '{name}'. Known: {string.Join(", ", known)}."
                : null;
    }
}

/// <summary>Per-tenant delay of Graph answers, to show that many slow tenants are queried side by side.</summary>
internal sealed class TenantLatency
{
    private readonly ConcurrentDictionary<string, int> _milliseconds = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string tenantId, int milliseconds)
    {
        if (milliseconds > 0)
        {
            _milliseconds[tenantId] = milliseconds;
        }
        else
        {
            _milliseconds.TryRemove(tenantId, out _);
        }
    }

    public int Of(string tenantId) => _milliseconds.TryGetValue(tenantId, out var milliseconds) ? milliseconds : 0;

    public bool IsEmpty => _milliseconds.IsEmpty;

    public void Clear()
    {
        _milliseconds.Clear();
        TakePeak();
    }

    private int _inFlight;
    private int _peak;

    /// <summary>Counts a delayed request until the returned object is disposed, noting the most at once.</summary>
    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
        return new Exit(this);
    }

    /// <summary>The most delayed requests in flight at once since the last call.</summary>
    public int TakePeak() => Interlocked.Exchange(ref _peak, Volatile.Read(ref _inFlight));

    private sealed class Exit(TenantLatency owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }
}

/// <summary>Delays a Graph request by its tenant's latency (the tenant is the one of the bearer token), before answering it.</summary>
internal sealed class TenantLatencyMiddleware(RequestDelegate next, TenantLatency latency, TokenService tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!latency.IsEmpty && context.Request.Path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase))
        {
            var header = context.Request.Headers.Authorization.ToString();
            var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            if (tokens.Check(bearer).Token is IssuedToken token && latency.Of(token.TenantId) is var delay and > 0)
            {
                // Counted while waiting only: then the client is surely still waiting for this answer, so the peak
                // is at most the number of requests the client had out at once.
                using (latency.Enter())
                {
                    try
                    {
                        await Task.Delay(delay, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client went away (Ctrl+C): nothing to answer.
                        return;
                    }
                }
            }
        }

        await next(context);
    }
}

/// <summary>Tenants and lists derived from the demo tenant, deterministic for a given size.</summary>
internal static class ScaleData
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string CloneId(int index) => $"5ca1e000-0000-4000-8000-{index.ToString("D12", Invariant)}";

    public static string CloneDomain(int index) => $"tenant{index.ToString("D3", Invariant)}.onmicrosoft.com";

    public static Tenant Clone(Tenant demo, int index)
    {
        var number = index.ToString("D5", Invariant);
        var displayName = $"Tenant {index.ToString("D3", Invariant)}";
        var marker = new DateTime(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(index);
        var ownIssue = new ServiceHealthIssue
        {
            Id = "EX9" + number,
            Title = $"Only in {displayName}: mail delivery is delayed",
            ImpactDescription = $"Users in {displayName} may notice delays when sending mail.",
            Classification = "incident",
            Status = "serviceDegradation",
            Service = "Exchange Online",
            Feature = "Mailflow - delayed delivery from Internet",
            FeatureGroup = "E-Mail timely delivery",
            IsResolved = false,
            StartDateTime = marker,
            LastModifiedDateTime = marker,
            Posts = [new ServiceHealthIssuePost(marker, "regular", ItemBody.Html($"<p>Only in {displayName}.</p>"))],
        };
        var ownMessage = new ServiceUpdateMessage
        {
            Id = "MC9" + number,
            Title = $"Only in {displayName}",
            StartDateTime = marker,
            LastModifiedDateTime = marker,
            Category = "stayInformed",
            Severity = "normal",
            IsMajorChange = false,
            Services = ["Exchange Online"],
            Body = ItemBody.Html($"<p>This post exists in {displayName} only.</p>"),
        };

        return new Tenant(demo.Issues.Append(ownIssue), demo.Messages.Append(ownMessage))
        {
            Id = CloneId(index),
            DisplayName = displayName,
            Domains = [CloneDomain(index)],
            Apps = demo.Apps,
            Services = demo.Services
                .Select(s => s.Id == "Exchange" ? s with { Status = "serviceDegradation" } : s)
                .ToList(),
        };
    }

    /// <summary>
    /// The tenant with <paramref name="messageCount"/> Message Center posts and <paramref name="issueCount"/> issues,
    /// each a copy of a demo item (so sizes and HTML are realistic) under a new id and with shifted times.
    /// </summary>
    public static Tenant WithDataset(Tenant tenant, Tenant demo, int messageCount, int issueCount)
    {
        var messageTemplates = demo.Messages;
        var messages = Enumerable.Range(0, messageCount).Select(i =>
        {
            var t = messageTemplates[i % messageTemplates.Count];
            var shift = TimeSpan.FromMinutes(-(i / messageTemplates.Count));
            return new ServiceUpdateMessage
            {
                Id = "MC" + (2_000_000 + i).ToString(Invariant),
                Title = t.Title,
                StartDateTime = t.StartDateTime + shift,
                EndDateTime = t.EndDateTime + shift,
                LastModifiedDateTime = t.LastModifiedDateTime + shift,
                Category = t.Category,
                Severity = t.Severity,
                Tags = t.Tags,
                IsMajorChange = t.IsMajorChange,
                ActionRequiredByDateTime = t.ActionRequiredByDateTime,
                Services = t.Services,
                ExpiryDateTime = t.ExpiryDateTime,
                HasAttachments = t.HasAttachments,
                Details = t.Details,
                Body = t.Body,
                ViewPoint = t.ViewPoint,
            };
        });

        var issueTemplates = demo.Issues;
        var issues = Enumerable.Range(0, issueCount).Select(i =>
        {
            var t = issueTemplates[i % issueTemplates.Count];
            var shift = TimeSpan.FromMinutes(-(i / issueTemplates.Count));
            return new ServiceHealthIssue
            {
                Id = t.Id[..2] + (3_000_000 + i).ToString(Invariant),
                Title = t.Title,
                ImpactDescription = t.ImpactDescription,
                Classification = t.Classification,
                Origin = t.Origin,
                Status = t.Status,
                Service = t.Service,
                Feature = t.Feature,
                FeatureGroup = t.FeatureGroup,
                IsResolved = t.IsResolved,
                HighImpact = t.HighImpact,
                StartDateTime = t.StartDateTime + shift,
                EndDateTime = t.EndDateTime + shift,
                LastModifiedDateTime = t.LastModifiedDateTime + shift,
                Details = t.Details,
                Posts = t.Posts,
            };
        });

        return new Tenant(issues, messages)
        {
            Id = tenant.Id,
            DisplayName = tenant.DisplayName,
            Domains = tenant.Domains,
            Apps = tenant.Apps,
            Services = tenant.Services,
        };
    }
}
