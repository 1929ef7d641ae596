namespace O365ServiceComms.Emulator;

/// <summary>One request as GET /_emulator/requests shows it. Never holds the Authorization value.</summary>
internal sealed class RequestLogEntry
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    /// <summary>Raw query string without the leading '?'; "" when none.</summary>
    public required string Query { get; init; }
    /// <summary>Null while the request is still being answered.</summary>
    public int? Status { get; set; }
    public required bool Authorization { get; init; }
    public string? Prefer { get; init; }
    /// <summary>The Accept-Encoding header as sent; null when none.</summary>
    public string? AcceptEncoding { get; init; }
    public string? GrantType { get; private set; }
    public string? ClientId { get; private set; }
    public string? Scope { get; private set; }
    /// <summary>How a token request's client proved itself: client_secret, or private_key_jwt:{alg}.</summary>
    public string? ClientAuthentication { get; set; }
    public required DateTime Time { get; init; }
    /// <summary>
    /// When the request arrived, in seconds of a monotonic clock (Stopwatch) of the emulator process: gaps between
    /// requests measured with it are not shortened or stretched by an adjustment of the wall clock.
    /// </summary>
    public required double MonotonicSeconds { get; init; }
    /// <summary>The kinds of the faults that hit this request (comma-separated), or null.</summary>
    public string? Fault { get; set; }
    /// <summary>The decoded $filter of a Graph request; null when none.</summary>
    public string? Filter { get; init; }
    /// <summary>The JSON body of a Graph action (markRead...); null for other requests.</summary>
    public string? Body { get; private set; }

    public void RecordBody(string body) => Body = body;

    public void RecordTokenRequest(string? grantType, string? clientId, string? scope)
    {
        GrantType = grantType;
        ClientId = clientId;
        Scope = scope;
    }

    public RequestLogEntry Copy() => (RequestLogEntry)MemberwiseClone();
}

internal sealed class RequestLog
{
    private readonly Lock _lock = new();
    private readonly List<RequestLogEntry> _entries = [];

    public void Add(RequestLogEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    public void Complete(RequestLogEntry entry, int status)
    {
        lock (_lock)
        {
            entry.Status = status;
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_lock)
        {
            return _entries.Select(e => e.Copy()).ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }
}

/// <summary>
/// Logs every request except the control API's, in arrival order, and makes the entry available to
/// endpoints as a request feature (the token endpoint adds grant type, client id and scope).
/// </summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (ControlEndpoints.IsControlPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var entry = new RequestLogEntry
        {
            Method = request.Method,
            Path = request.Path.Value ?? "/",
            Query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
            Authorization = request.Headers.ContainsKey("Authorization"),
            Prefer = request.Headers.TryGetValue("Prefer", out var prefer) ? prefer.ToString() : null,
            AcceptEncoding = request.Headers.TryGetValue("Accept-Encoding", out var encoding) ? encoding.ToString() : null,
            Filter = request.Query.TryGetValue("$filter", out var filter) ? filter.ToString() : null,
            Time = DateTime.UtcNow,
            MonotonicSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(0).TotalSeconds,
        };
        log.Add(entry);
        context.Features.Set(entry);
        // The status is logged as the answer starts, before the client can read it: a test that reads the log as soon
        // as its command has ended must not find a request still open that the client already saw answered (under
        // load, the middleware unwinds long after the client has moved on).
        context.Response.OnStarting(() =>
        {
            log.Complete(entry, context.Items.ContainsKey(FaultMiddleware.AbortedKey) ? 0 : context.Response.StatusCode);
            return Task.CompletedTask;
        });

        try
        {
            await next(context);
            // 0: the connection was aborted (a drop fault, or the client went away) before a whole answer was sent.
            log.Complete(entry, context.RequestAborted.IsCancellationRequested || context.Items.ContainsKey(FaultMiddleware.AbortedKey) ? 0 : context.Response.StatusCode);
        }
        catch
        {
            log.Complete(entry, StatusCodes.Status500InternalServerError);
            throw;
        }
    }
}
