using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace O365ServiceComms.Emulator;

/// <summary>What goes wrong with a request that a fault hits.</summary>
internal enum FaultKind
{
    /// <summary>429 TooManyRequests with Retry-After.</summary>
    Throttle,
    /// <summary>503 ServiceUnavailable, with Retry-After only if retryAfterSeconds is given.</summary>
    Unavailable,
    /// <summary>504 GatewayTimeout, with Retry-After only if retryAfterSeconds is given.</summary>
    GatewayTimeout,
    /// <summary>500 InternalServerError: a failure the client does not retry.</summary>
    ServerError,
    /// <summary>The connection is aborted before any answer.</summary>
    Drop,
    /// <summary>The real answer's headers (with its full Content-Length) and the first part of its body, then the connection is aborted.</summary>
    Truncate,
    /// <summary>The real answer's headers and `bytes` of its body (default half), then nothing for delayMs (default 60 s) or until the client goes away.</summary>
    Stall,
    /// <summary>The real answer, with @odata.nextLink pointing at the foreign listener (another port on 127.0.0.1).</summary>
    ForeignNextLink,
    /// <summary>The request waits delayMs before it is answered (as it would have been).</summary>
    Slow,
    /// <summary>Every token issued so far is declared expired before the request is answered.</summary>
    ExpireTokens,
    /// <summary>The answer is exactly 'body' (any text, JSON or not), with status 'status' (default 200) as application/json.</summary>
    RawBody,
    /// <summary>The real answer, with @odata.nextLink pointing at the request's own URL: a page that links to itself.</summary>
    SelfNextLink,
    /// <summary>
    /// The first page of the list (the request's $skiptoken dropped), with @odata.nextLink carrying a fresh random
    /// $skiptoken: the same items again and again under new links.
    /// </summary>
    FreshSkipToken,
    /// <summary>The real answer (its full Content-Length announced), sent one byte every delayMs until the client gives up.</summary>
    Drip,
    /// <summary>
    /// The real answer's headers with Content-Length 'length' (default 2 GiB), its real body, then nothing: the
    /// connection is held open until the client gives up.
    /// </summary>
    LyingLength,
    /// <summary>
    /// A gzip bomb: Content-Encoding: gzip and a JSON page whose one item's title is 'length' bytes (default 1.5 GiB)
    /// of one repeated letter, compressed on the fly while the client reads (about 1.5 MB sent for 1.5 GB decoded).
    /// </summary>
    GzipBomb,
    /// <summary>The real answer's headers (Content-Disposition kept) and a body of 'length' bytes sent without Content-Length.</summary>
    BigBody,
    /// <summary>
    /// The real answer with null entries: one at the start and one at the end of value[], and one at the start of
    /// every list inside the items (issues, posts, details, tags, services).
    /// </summary>
    NullEntries,
    /// <summary>
    /// The real answer with every property but id set to null in the first item of value[] (or in the item itself),
    /// and in the first issue inside each healthOverviews item.
    /// </summary>
    NullFields,
}

/// <summary>
/// One fault switched on by a test through POST /_emulator/faults:
/// {"kind": "throttle", "count": 2, "retryAfterSeconds": 1, "path": "/issues"}.
/// It hits <see cref="Count"/> requests whose path ends with <see cref="Path"/> (every Graph request when no path is
/// given), after letting the first <see cref="After"/> of them through.
/// </summary>
internal sealed class Fault
{
    public required FaultKind Kind { get; init; }
    public int Count { get; init; } = 1;
    public string? Path { get; init; }
    public int After { get; init; }
    public int? RetryAfterSeconds { get; init; }
    /// <summary>Send Retry-After as an HTTP date (now + RetryAfterSeconds) instead of seconds.</summary>
    public bool RetryAfterAsDate { get; init; }
    public int DelayMs { get; init; }
    /// <summary>Truncate: how many bytes of the body to send; default half of it.</summary>
    public int? Bytes { get; init; }
    /// <summary>RawBody: the body to send.</summary>
    public string? Body { get; init; }
    /// <summary>RawBody: the status to send.</summary>
    public int? Status { get; init; }
    /// <summary>LyingLength, GzipBomb, BigBody: the announced, decoded or sent size in bytes.</summary>
    public long? Length { get; init; }

    /// <summary>Matching requests seen so far (shown by GET /_emulator/faults).</summary>
    public int Seen { get; set; }
    /// <summary>Requests this fault hit so far.</summary>
    public int Hits { get; set; }

    /// <summary>Slow and ExpireTokens change a request and let it go on; the others answer it themselves.</summary>
    /// <remarks>Drip's delayMs is its pace, not a wait before the answer.</remarks>
    public bool Answers => Kind is not (FaultKind.Slow or FaultKind.ExpireTokens);

    public bool Matches(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return Path is null
            ? path.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/beta/", StringComparison.OrdinalIgnoreCase)
            : path.EndsWith(Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    public Fault Copy() => (Fault)MemberwiseClone();

    /// <summary>Parses one fault; unknown names and values are refused so a typo in a test does not pass silently.</summary>
    public static Fault Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Each fault must be a JSON object.");
        }

        FaultKind? kind = null;
        int count = 1, after = 0, delayMs = 0;
        int? retryAfter = null, bytes = null, status = null;
        long? length = null;
        string? path = null, body = null;
        var asDate = false;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name.ToLowerInvariant())
            {
                case "kind":
                    kind = value.ValueKind == JsonValueKind.String && Enum.TryParse<FaultKind>(value.GetString(), ignoreCase: true, out var k) && !int.TryParse(value.GetString(), out _)
                        ? k
                        : throw new FormatException($"Unknown fault kind {value}. Known: {string.Join(", ", Enum.GetNames<FaultKind>().Select(Camel))}.");
                    break;
                case "count":
                    count = Positive(property, allowZero: false);
                    break;
                case "after":
                    after = Positive(property, allowZero: true);
                    break;
                case "path":
                    path = value.ValueKind == JsonValueKind.String && value.GetString()!.StartsWith('/')
                        ? value.GetString()
                        : throw new FormatException("'path' must be a string starting with '/'.");
                    break;
                case "retryafterseconds":
                    retryAfter = Positive(property, allowZero: true);
                    break;
                case "retryafterformat":
                    asDate = value.ValueKind == JsonValueKind.String && value.GetString() is "date" or "seconds"
                        ? value.GetString() == "date"
                        : throw new FormatException("'retryAfterFormat' must be \"seconds\" or \"date\".");
                    break;
                case "delayms":
                    delayMs = Positive(property, allowZero: false);
                    break;
                case "bytes":
                    bytes = Positive(property, allowZero: true);
                    break;
                case "body":
                    body = value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException("'body' must be a string.");
                    break;
                case "status":
                    status = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var code) && code is >= 100 and <= 599
                        ? code
                        : throw new FormatException("'status' must be an HTTP status code.");
                    break;
                case "length":
                    length = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l) && l > 0
                        ? l
                        : throw new FormatException("'length' must be a positive integer.");
                    break;
                default:
                    throw new FormatException(
                        $"Unknown fault field '{property.Name}'. Known: kind, count, path, after, retryAfterSeconds, retryAfterFormat, delayMs, bytes, body, status, length.");
            }
        }

        if (kind is null)
        {
            throw new FormatException("A fault needs a 'kind'.");
        }
        if (kind is FaultKind.Slow or FaultKind.Drip && delayMs == 0)
        {
            throw new FormatException($"A {Camel(kind.Value.ToString())} fault needs 'delayMs'.");
        }
        if (kind == FaultKind.RawBody && body is null)
        {
            throw new FormatException("A rawBody fault needs 'body'.");
        }
        if (kind == FaultKind.Throttle)
        {
            retryAfter ??= 1;
        }
        return new Fault
        {
            Kind = kind.Value, Count = count, Path = path, After = after, RetryAfterSeconds = retryAfter,
            RetryAfterAsDate = asDate, DelayMs = delayMs, Bytes = bytes, Body = body, Status = status, Length = length,
        };
    }

    private static int Positive(JsonProperty property, bool allowZero) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var n) && (n > 0 || (allowZero && n == 0))
            ? n
            : throw new FormatException($"'{property.Name}' must be a {(allowZero ? "non-negative" : "positive")} integer.");

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>The faults switched on, in the order they were added; cleared by POST /_emulator/reset.</summary>
internal sealed class FaultStore
{
    private readonly Lock _lock = new();
    private readonly List<Fault> _faults = [];

    public void Add(IEnumerable<Fault> faults)
    {
        lock (_lock)
        {
            _faults.AddRange(faults);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<Fault> Snapshot()
    {
        lock (_lock)
        {
            return _faults.Select(f => f.Copy()).ToList();
        }
    }

    /// <summary>
    /// The faults that hit this request: every matching Slow and ExpireTokens fault that is due, and the first due
    /// fault that answers the request itself.
    /// </summary>
    public IReadOnlyList<Fault> Take(HttpContext context)
    {
        var taken = new List<Fault>();
        lock (_lock)
        {
            var answered = false;
            foreach (var fault in _faults.Where(f => f.Matches(context)))
            {
                fault.Seen++;
                if (fault.Seen <= fault.After || fault.Hits >= fault.Count || (fault.Answers && answered))
                {
                    continue;
                }
                fault.Hits++;
                taken.Add(fault.Copy());
                answered |= fault.Answers;
            }
        }
        return taken;
    }
}

/// <summary>
/// Applies the faults of <see cref="FaultStore"/> to Graph and token requests. It runs after the request log (faulted
/// requests are logged, with the fault's kind) and after Graph's request-id headers are set.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultStore store, TokenService tokens, ForeignHost foreign)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (ControlEndpoints.IsControlPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var faults = store.Take(context);
        if (faults.Count == 0)
        {
            await next(context);
            return;
        }

        var entry = context.Features.Get<RequestLogEntry>();
        if (entry is not null)
        {
            entry.Fault = string.Join(",", faults.Select(f => Fault.Camel(f.Kind.ToString())));
        }

        foreach (var fault in faults.Where(f => !f.Answers))
        {
            if (fault.Kind == FaultKind.ExpireTokens)
            {
                tokens.ExpireAll();
                continue;
            }
            try
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (Ctrl+C): nobody is waiting for an answer.
                return;
            }
        }

        var answer = faults.FirstOrDefault(f => f.Answers);
        switch (answer?.Kind)
        {
            case null:
                await next(context);
                break;
            case FaultKind.Throttle:
                SetRetryAfter(context, answer);
                await OData.Error(context, StatusCodes.Status429TooManyRequests, "TooManyRequests",
                    "Too many requests to this resource. Please retry after the time given in Retry-After.").ExecuteAsync(context);
                break;
            case FaultKind.Unavailable:
                SetRetryAfter(context, answer);
                await OData.Error(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
                    "The service is temporarily unavailable. Please retry later.").ExecuteAsync(context);
                break;
            case FaultKind.GatewayTimeout:
                SetRetryAfter(context, answer);
                await OData.Error(context, StatusCodes.Status504GatewayTimeout, "UnknownError",
                    "The gateway did not receive a timely response.").ExecuteAsync(context);
                break;
            case FaultKind.ServerError:
                await OData.Error(context, StatusCodes.Status500InternalServerError, "InternalServerError",
                    "Fault injected by the emulator.").ExecuteAsync(context);
                break;
            case FaultKind.Drop:
                FaultMiddleware.Abort(context);
                break;
            case FaultKind.Truncate:
                await TruncateAsync(context, answer);
                break;
            case FaultKind.Stall:
                await StallAsync(context, answer);
                break;
            case FaultKind.ForeignNextLink:
                await LinkElsewhereAsync(context);
                break;
            case FaultKind.NullEntries:
                await RewriteAsync(context, PoisonedJson.AddNullEntries);
                break;
            case FaultKind.NullFields:
                await RewriteAsync(context, PoisonedJson.NullFields);
                break;
            default:
                await HostileFaults.AnswerAsync(context, answer, RenderAsync);
                break;
        }
    }

    /// <summary>
    /// Marks the request aborted in the request log, then aborts the connection: the client must not see the abort
    /// before the log does (Kestrel signals RequestAborted from the thread pool, which under load comes later still).
    /// </summary>
    public static void Abort(HttpContext context)
    {
        context.Items[AbortedKey] = true;
        if (context.Features.Get<RequestLogEntry>() is { } entry)
        {
            context.RequestServices.GetRequiredService<RequestLog>().Complete(entry, 0);
        }
        context.Abort();
    }

    public const string AbortedKey = "O365ServiceComms.Emulator.Aborted";

    private static void SetRetryAfter(HttpContext context, Fault fault)
    {
        if (fault.RetryAfterSeconds is not int seconds)
        {
            return;
        }
        context.Response.Headers.RetryAfter = fault.RetryAfterAsDate
            // HTTP dates have whole seconds: round up so the client never waits less than asked.
            ? DateTimeOffset.UtcNow.AddSeconds(seconds + 1).ToString("r", CultureInfo.InvariantCulture)
            : seconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Sends the headers (announcing the whole body) and part of the body, then drops the connection.</summary>
    private async Task TruncateAsync(HttpContext context, Fault fault)
    {
        var body = await RenderAsync(context);
        var sent = Math.Min(fault.Bytes ?? body.Length / 2, Math.Max(0, body.Length - 1));
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, sent));
        await context.Response.Body.FlushAsync();
        // Let the part reach the client before the connection goes.
        await Task.Delay(200);
        FaultMiddleware.Abort(context);
    }

    /// <summary>Sends the headers and part of the body, then stalls: the client's read waits until it gives up.</summary>
    private async Task StallAsync(HttpContext context, Fault fault)
    {
        var body = await RenderAsync(context);
        var sent = Math.Min(fault.Bytes ?? body.Length / 2, Math.Max(0, body.Length - 1));
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, sent));
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(fault.DelayMs > 0 ? fault.DelayMs : 60_000, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is what the fault is there to show.
        }
        FaultMiddleware.Abort(context);
    }

    /// <summary>The real answer, whose @odata.nextLink now points at the foreign listener.</summary>
    private async Task LinkElsewhereAsync(HttpContext context)
    {
        var body = await RenderAsync(context);
        if (JsonNode.Parse(body) is JsonObject json && context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var original = json["@odata.nextLink"]?.GetValue<string>();
            var query = original is null ? "$skiptoken=" + CollectionQuery.EncodeSkipToken(0) : new Uri(original).Query.TrimStart('?');
            json.Remove("@odata.nextLink");
            json["@odata.nextLink"] = $"{foreign.BaseUrl}{context.Request.Path}?{query}";
            body = Encoding.UTF8.GetBytes(json.ToJsonString(Json.Options));
        }
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    /// <summary>The real answer, its JSON changed by <paramref name="change"/> (a successful JSON answer only).</summary>
    private async Task RewriteAsync(HttpContext context, Action<JsonObject> change)
    {
        var body = await RenderAsync(context);
        if (context.Response.StatusCode == StatusCodes.Status200OK && JsonNode.Parse(body) is JsonObject json)
        {
            change(json);
            body = Encoding.UTF8.GetBytes(json.ToJsonString(Json.Options));
        }
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    /// <summary>Lets the endpoint answer into a buffer, headers kept, body returned.</summary>
    private async Task<byte[]> RenderAsync(HttpContext context)
    {
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
        return buffer.ToArray();
    }
}

/// <summary>
/// The "other host" a foreign next link points to: a second listener of this process (another port on 127.0.0.1)
/// that answers every request with an empty page and records whether it carried an Authorization header
/// (never its value).
/// </summary>
internal sealed class ForeignHost
{
    private readonly Lock _lock = new();
    private readonly List<ForeignRequest> _requests = [];
    private int _port;

    public int Port
    {
        get => Volatile.Read(ref _port);
        set => Volatile.Write(ref _port, value);
    }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    public void Record(ForeignRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<ForeignRequest> Snapshot()
    {
        lock (_lock)
        {
            return _requests.ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _requests.Clear();
        }
    }
}

/// <summary>The changes of the nullEntries and nullFields faults: what Graph may send, and a client must survive.</summary>
internal static class PoisonedJson
{
    private static readonly string[] InnerLists = ["issues", "posts", "details", "tags", "services"];

    public static void AddNullEntries(JsonObject answer)
    {
        if (answer["value"] is not JsonArray items)
        {
            AddInnerNullEntries(answer);
            return;
        }
        foreach (var item in items.OfType<JsonObject>())
        {
            AddInnerNullEntries(item);
        }
        items.Insert(0, null);
        items.Add(null);
    }

    public static void NullFields(JsonObject answer)
    {
        var items = answer["value"] as JsonArray;
        if (items is null)
        {
            NullAllButId(answer);
            return;
        }
        if (items.FirstOrDefault() is JsonObject first)
        {
            NullAllButId(first);
        }
        foreach (var service in items.OfType<JsonObject>())
        {
            if (service["issues"] is JsonArray issues && issues.FirstOrDefault() is JsonObject issue)
            {
                NullAllButId(issue);
            }
        }
    }

    private static void AddInnerNullEntries(JsonObject item)
    {
        foreach (var name in InnerLists)
        {
            if (item[name] is JsonArray list)
            {
                foreach (var inner in list.OfType<JsonObject>())
                {
                    AddInnerNullEntries(inner);
                }
                list.Insert(0, null);
            }
        }
    }

    private static void NullAllButId(JsonObject item)
    {
        foreach (var name in item.Select(property => property.Key).Where(name => name != "id" && !name.StartsWith('@')).ToList())
        {
            item[name] = null;
        }
    }
}

internal sealed record ForeignRequest(string Method, string Path, string Query, bool Authorization, DateTime Time);

/// <summary>Answers everything that arrives on the foreign listener; nothing else of the emulator is served there.</summary>
internal sealed class ForeignHostMiddleware(RequestDelegate next, ForeignHost foreign)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (foreign.Port == 0 || context.Connection.LocalPort != foreign.Port)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        foreign.Record(new ForeignRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
            request.Headers.ContainsKey("Authorization"),
            DateTime.UtcNow));
        context.Response.ContentType = OData.ContentType;
        await context.Response.WriteAsync("{\"value\":[]}");
    }
}

/// <summary>POST|GET|DELETE /_emulator/faults and GET /_emulator/foreign.</summary>
internal static class FaultEndpoints
{
    public static void MapFaultEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator");

        control.MapGet("/faults", (FaultStore store) => Results.Json(store.Snapshot().Select(Describe), Json.Options));
        control.MapPost("/faults", AddFaultsAsync);
        control.MapDelete("/faults", (FaultStore store) =>
        {
            store.Clear();
            return Results.Json(Array.Empty<object>(), Json.Options);
        });

        control.MapGet("/foreign", (ForeignHost foreign) =>
            Results.Json(new { baseUrl = foreign.BaseUrl, requests = foreign.Snapshot() }, Json.Options));
    }

    /// <summary>Body: one fault object or an array of them; they are added to the faults already switched on.</summary>
    private static async Task<IResult> AddFaultsAsync(HttpContext context, FaultStore store)
    {
        List<Fault> faults;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            var root = document.RootElement;
            faults = root.ValueKind == JsonValueKind.Array
                ? root.EnumerateArray().Select(Fault.Parse).ToList()
                : [Fault.Parse(root)];
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Results.Json(new { error = e.Message }, Json.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        store.Add(faults);
        return Results.Json(store.Snapshot().Select(Describe), Json.Options);
    }

    private static object Describe(Fault f) => new
    {
        kind = Fault.Camel(f.Kind.ToString()),
        f.Count,
        f.Path,
        f.After,
        f.RetryAfterSeconds,
        retryAfterFormat = f.RetryAfterAsDate ? "date" : "seconds",
        f.DelayMs,
        f.Bytes,
        f.Seen,
        f.Hits,
    };
}
