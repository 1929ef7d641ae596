using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>A request Graph refuses: turned into a Graph error body by the endpoint.</summary>
internal sealed class ODataException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>The query options of a collection request that change which items come back.</summary>
internal sealed record CollectionQuery(int? Top, int Offset, string? Filter, int? PreferredPageSize)
{
    public static CollectionQuery Parse(HttpRequest request)
    {
        var query = request.Query; // names are case-insensitive
        int? top = null;
        if (query.TryGetValue("$top", out var topText))
        {
            top = int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                ? t
                : throw new ODataException(400, "BadRequest", $"Invalid value '{topText}' for $top query option found. The $top query option requires a non-negative integer value.");
        }

        var offset = 0;
        if (query.TryGetValue("$skiptoken", out var skipToken))
        {
            offset = DecodeSkipToken(skipToken.ToString())
                ?? throw new ODataException(400, "BadRequest", "The $skiptoken value is not valid.");
        }
        else if (query.TryGetValue("$skip", out var skipText))
        {
            offset = int.TryParse(skipText, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                ? s
                : throw new ODataException(400, "BadRequest", $"Invalid value '{skipText}' for $skip query option found.");
        }

        var filter = query.TryGetValue("$filter", out var filterText) ? filterText.ToString() : null;
        return new CollectionQuery(top, offset, filter, PreferredMaxPageSize(request));
    }

    /// <summary>Prefer: odata.maxpagesize=N (possibly among other preferences).</summary>
    private static int? PreferredMaxPageSize(HttpRequest request)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 &&
                    string.Equals(parts[0], "odata.maxpagesize", StringComparison.OrdinalIgnoreCase) &&
                    int.TryParse(parts[1].Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                {
                    return size;
                }
            }
        }
        return null;
    }

    public static string EncodeSkipToken(int offset) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("offset=" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int? DecodeSkipToken(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith("offset=", StringComparison.Ordinal) &&
                   int.TryParse(text.AsSpan("offset=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Paging and JSON bodies as Graph writes them.</summary>
internal static class OData
{
    public const string ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    public const int DefaultPageSize = 100;
    public const int ServiceMaxPageSize = 1000;

    /// <summary>
    /// A paged collection: default 100 items, Prefer: odata.maxpagesize up to 1000 (and the MaxPageSize setting),
    /// @odata.nextLink with an opaque $skiptoken and every other query option kept.
    /// $top returns that many items and no nextLink, like the live service.
    /// </summary>
    public static IResult Page<T>(HttpContext context, IEnumerable<T> source, string entitySet, EmulatorSettings settings, string origin)
    {
        var query = CollectionQuery.Parse(context.Request);
        var items = Filter(source, query.Filter).ToList();

        var pageSize = Math.Min(query.PreferredPageSize ?? DefaultPageSize, ServiceMaxPageSize);
        if (settings.MaxPageSize is int cap)
        {
            pageSize = Math.Min(pageSize, cap);
        }
        if (query.PreferredPageSize is not null)
        {
            context.Response.Headers["Preference-Applied"] = $"odata.maxpagesize={pageSize}";
        }

        List<T> page;
        string? nextLink = null;
        if (query.Top is int top)
        {
            page = items.Skip(query.Offset).Take(top).ToList();
        }
        else
        {
            page = items.Skip(query.Offset).Take(pageSize).ToList();
            var next = query.Offset + page.Count;
            if (next < items.Count)
            {
                nextLink = NextLink(context.Request, origin, next);
            }
        }
        return Collection(context, origin, entitySet, page, nextLink);
    }

    /// <summary>
    /// The $filter hook: narrows <paramref name="items"/> by the expression. Only time filters on lastModifiedDateTime
    /// are served (<see cref="TimeFilter"/>); any other filter is refused rather than ignored, so no test passes on
    /// unfiltered data.
    /// </summary>
    public static IEnumerable<T> Filter<T>(IEnumerable<T> items, string? filter) =>
        filter is null
            ? items
            : TimeFilter.Apply(items, filter);

    private static string NextLink(HttpRequest request, string origin, int offset)
    {
        var kept = (request.QueryString.Value ?? "").TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(part =>
            {
                var name = Uri.UnescapeDataString(part.Split('=', 2)[0]);
                return !name.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase) &&
                       !name.Equals("$skip", StringComparison.OrdinalIgnoreCase);
            })
            .Append("$skiptoken=" + CollectionQuery.EncodeSkipToken(offset));
        return $"{origin}{request.PathBase}{request.Path}?{string.Join('&', kept)}";
    }

    public static string ContextUrl(string origin, string fragment) => $"{origin}/v1.0/$metadata#{fragment}";

    /// <summary>{"@odata.context", "value", "@odata.nextLink"}: the nextLink last.</summary>
    public static IResult Collection<T>(HttpContext context, string origin, string contextFragment, IReadOnlyList<T> items, string? nextLink)
    {
        return Write(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", ContextUrl(origin, contextFragment));
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, items, Json.Options);
            if (nextLink is not null)
            {
                writer.WriteString("@odata.nextLink", nextLink);
            }
            writer.WriteEndObject();
        });
    }

    /// <summary>A single entity with "@odata.context" as its first property.</summary>
    public static IResult Entity<T>(HttpContext context, string origin, string contextFragment, T item)
    {
        var element = JsonSerializer.SerializeToElement(item, Json.Options);
        return Write(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", ContextUrl(origin, contextFragment));
            foreach (var property in element.EnumerateObject())
            {
                property.WriteTo(writer);
            }
            writer.WriteEndObject();
        });
    }

    /// <summary>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.</summary>
    public static IResult Error(HttpContext context, int status, string code, string message)
    {
        var requestId = GraphEndpoints.RequestId(context);
        var clientRequestId = context.Request.Headers["client-request-id"].ToString();
        return Write(status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteStartObject("innerError");
            writer.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("request-id", requestId);
            writer.WriteString("client-request-id", clientRequestId.Length > 0 ? clientRequestId : requestId);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static IResult Write(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Json.WriterOptions))
        {
            write(writer);
        }
        return new GraphJsonResult(status, buffer.WrittenMemory);
    }

    /// <summary>Writes the body as is, with Graph's exact Content-Type.</summary>
    private sealed class GraphJsonResult(int status, ReadOnlyMemory<byte> body) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        }
    }
}
