using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Answers that are well-formed but hostile or wrong, for the tests of issue 15 (points 7 and 10), switched on through
/// the control API and cleared by POST /_emulator/reset:
/// <list type="bullet">
/// <item>POST /_emulator/hostile/answers {"path": "/messages", "appendItems": [{...}, ...], "set": {"id": "MC2"}}:
/// every Graph GET whose path ends with <c>path</c> gets the raw JSON items appended to the value[] of its first page
/// (items with a null id, no dates, 9999-12-31, whatever the test writes), and/or the top-level properties of its
/// answer replaced (GET issues/{id} answering with another id). "status" and "body" replace the answer's status and
/// whole JSON body (an error whose message holds escape sequences); "headers" replaces response headers of any answer,
/// downloads included (a Content-Disposition naming a device, or the same file for every report).</item>
/// <item>POST /_emulator/hostile/tokenTenant {"tid": "GUID"}: tokens issued from now on carry that tid claim (a
/// sign-in endpoint answering for another tenant), while Graph still serves the tenant actually signed in to.</item>
/// <item>GET /_emulator/hostile shows what is switched on; DELETE /_emulator/hostile switches everything off.</item>
/// </list>
/// </summary>
internal sealed class HostileAnswerStore
{
    private readonly object _lock = new();
    private readonly List<AnswerPatch> _patches = [];
    private string? _tokenTenant;

    public string? TokenTenantClaim
    {
        get { lock (_lock) { return _tokenTenant; } }
        set { lock (_lock) { _tokenTenant = value; } }
    }

    public void Add(AnswerPatch patch)
    {
        lock (_lock)
        {
            _patches.Add(patch);
        }
    }

    public AnswerPatch[] For(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        lock (_lock)
        {
            return _patches.Where(patch => path.EndsWith(patch.Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)).ToArray();
        }
    }

    public object Snapshot()
    {
        lock (_lock)
        {
            return new
            {
                tokenTenant = _tokenTenant,
                answers = _patches.Select(p => new { path = p.Path, set = p.Set?.ToJsonString(), appendItems = p.AppendItems?.Count ?? 0 }).ToArray(),
            };
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _patches.Clear();
            _tokenTenant = null;
        }
    }
}

internal sealed record AnswerPatch(string Path, JsonObject? Set, JsonArray? AppendItems, int? Status = null, JsonNode? Body = null, Dictionary<string, string>? Headers = null);

internal static class HostileAnswerEndpoints
{
    public static void MapHostileAnswerEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator/hostile");
        control.MapGet("", (HostileAnswerStore store) => Results.Json(store.Snapshot(), Json.Options));
        control.MapDelete("", (HostileAnswerStore store) =>
        {
            store.Clear();
            return Results.Json(store.Snapshot(), Json.Options);
        });
        control.MapPost("/answers", AddAnswerPatchAsync);
        control.MapPost("/tokenTenant", SetTokenTenantAsync);
    }

    private static async Task<IResult> AddAnswerPatchAsync(HttpContext context, HostileAnswerStore store)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException e)
        {
            return BadRequest("Body must be JSON: " + e.Message);
        }

        if (body is not JsonObject request || request["path"]?.GetValueKind() != JsonValueKind.String)
        {
            return BadRequest("Body must be {\"path\": \"/messages\", \"appendItems\": [...], \"set\": {...}}.");
        }

        var unknown = request.Select(p => p.Key).Except(["path", "set", "appendItems", "status", "body", "headers"]).ToArray();
        if (unknown.Length > 0)
        {
            return BadRequest("Unknown field(s): " + string.Join(", ", unknown));
        }

        var set = request["set"] as JsonObject;
        var append = request["appendItems"] as JsonArray;
        int? status = request["status"]?.GetValueKind() == JsonValueKind.Number ? request["status"]!.GetValue<int>() : null;
        var headers = (request["headers"] as JsonObject)?.ToDictionary(h => h.Key, h => h.Value?.ToString() ?? "");
        if (set is null && append is null && status is null && request["body"] is null && headers is null)
        {
            return BadRequest("Give \"set\", \"appendItems\", \"status\", \"body\" or \"headers\".");
        }

        var patch = new AnswerPatch(
            request["path"]!.GetValue<string>(),
            set?.DeepClone().AsObject(),
            append?.DeepClone().AsArray(),
            status,
            request["body"]?.DeepClone(),
            headers);
        store.Add(patch);
        return Results.Json(store.Snapshot(), Json.Options);
    }

    private static async Task<IResult> SetTokenTenantAsync(HttpContext context, HostileAnswerStore store)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            store.TokenTenantClaim = body.RootElement.TryGetProperty("tid", out var tid) && tid.ValueKind == JsonValueKind.String ? tid.GetString() : null;
        }
        catch (JsonException e)
        {
            return BadRequest("Body must be {\"tid\": \"GUID\"}: " + e.Message);
        }

        return Results.Json(store.Snapshot(), Json.Options);
    }

    private static IResult BadRequest(string message) => Results.Json(new { error = message }, Json.Options, statusCode: 400);
}

/// <summary>Rewrites the JSON answers of Graph GETs that a patch names; everything else passes untouched.</summary>
internal sealed class HostileAnswerMiddleware(RequestDelegate next, HostileAnswerStore store)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var patches = HttpMethods.IsGet(context.Request.Method) && (context.Request.Path.Value ?? "").StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase)
            ? store.For(context)
            : [];
        if (patches.Length == 0)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        byte[] bytes = buffer.ToArray();
        foreach (var patch in patches)
        {
            foreach (var header in patch.Headers ?? [])
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            if (patch.Status is { } status)
            {
                context.Response.StatusCode = status;
            }

            if (patch.Body is { } body)
            {
                bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = bytes.Length;
            }
        }

        if (context.Response.StatusCode == 200 && patches.Any(p => p.Set is not null || p.AppendItems is not null) && TryParseObject(bytes) is { } answer)
        {
            bool firstPage = !context.Request.Query.ContainsKey("$skiptoken");
            foreach (var patch in patches)
            {
                foreach (var property in patch.Set ?? [])
                {
                    answer[property.Key] = property.Value?.DeepClone();
                }

                if (firstPage && patch.AppendItems is { } items && answer["value"] is JsonArray value)
                {
                    foreach (var item in items)
                    {
                        value.Add(item?.DeepClone());
                    }
                }
            }

            bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            context.Response.ContentLength = bytes.Length;
        }

        await original.WriteAsync(bytes);
    }

    private static JsonObject? TryParseObject(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
