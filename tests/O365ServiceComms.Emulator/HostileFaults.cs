using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The answers of a hostile or broken server (issue 15): raw bodies, pages that link to themselves or repeat their
/// items under fresh links, bodies that drip, lie about their length, inflate to gigabytes or never end. Large bodies
/// are generated while they are sent, from one small repeated pattern, so the emulator itself stays small; every
/// answer ends when the client gives up.
/// </summary>
internal static class HostileFaults
{
    private const long DefaultLyingLength = 2L * 1024 * 1024 * 1024;
    private const long DefaultBombLength = 1536L * 1024 * 1024;

    // One chunk of the repeated letter the bombs and big bodies are made of.
    private static readonly byte[] s_pattern = Enumerable.Repeat((byte)'A', 64 * 1024).ToArray();

    public static async Task AnswerAsync(HttpContext context, Fault fault, Func<HttpContext, Task<byte[]>> render)
    {
        try
        {
            switch (fault.Kind)
            {
                case FaultKind.RawBody:
                    context.Response.StatusCode = fault.Status ?? StatusCodes.Status200OK;
                    context.Response.ContentType = OData.ContentType;
                    await context.Response.WriteAsync(fault.Body!, context.RequestAborted);
                    break;
                case FaultKind.SelfNextLink:
                    await WithNextLinkAsync(context, render, context.Request.GetEncodedUrl());
                    break;
                case FaultKind.FreshSkipToken:
                    await FreshSkipTokenAsync(context, render);
                    break;
                case FaultKind.Drip:
                    await DripAsync(context, fault, render);
                    break;
                case FaultKind.LyingLength:
                    await LyingLengthAsync(context, fault, render);
                    break;
                case FaultKind.GzipBomb:
                    await GzipBombAsync(context, fault);
                    break;
                case FaultKind.BigBody:
                    await BigBodyAsync(context, fault, render);
                    break;
                default:
                    throw new InvalidOperationException($"No answer for fault {fault.Kind}.");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException || context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (that is what these answers are for): nobody is waiting any more.
        }
    }

    private static async Task WithNextLinkAsync(HttpContext context, Func<HttpContext, Task<byte[]>> render, string nextLink)
    {
        var body = await render(context);
        if (context.Response.StatusCode == StatusCodes.Status200OK && JsonNode.Parse(body) is JsonObject json)
        {
            json.Remove("@odata.nextLink");
            json["@odata.nextLink"] = nextLink;
            body = Encoding.UTF8.GetBytes(json.ToJsonString(Json.Options));
        }
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The first page again (the $skiptoken dropped), linking on to itself under a new random $skiptoken.</summary>
    private static async Task FreshSkipTokenAsync(HttpContext context, Func<HttpContext, Task<byte[]>> render)
    {
        var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value)
            .Where(pair => !pair.Key.Equals("$skiptoken", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .ToList();
        context.Request.QueryString = QueryString.Create(query);
        var fresh = new QueryBuilder(query.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value ?? "")))
        {
            { "$skiptoken", CollectionQuery.EncodeSkipToken(Random.Shared.Next(1_000_000, int.MaxValue)) },
        };
        var request = context.Request;
        await WithNextLinkAsync(context, render, $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{fresh.ToQueryString()}");
    }

    private static async Task DripAsync(HttpContext context, Fault fault, Func<HttpContext, Task<byte[]>> render)
    {
        var body = await render(context);
        context.Response.ContentLength = body.Length;
        for (var i = 0; i < body.Length; i++)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(i, 1), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }
    }

    private static async Task LyingLengthAsync(HttpContext context, Fault fault, Func<HttpContext, Task<byte[]>> render)
    {
        var body = await render(context);
        var announced = fault.Length ?? DefaultLyingLength;
        context.Response.ContentLength = announced;
        await context.Response.Body.WriteAsync(body.AsMemory(0, (int)Math.Min(body.Length, Math.Max(0, announced - 1))), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(Timeout.Infinite, context.RequestAborted);
    }

    /// <summary>{"value":[{"id":"BOMB1","title":"AAAA…"}]}, gzip-compressed while it is written; no Content-Length.</summary>
    private static async Task GzipBombAsync(HttpContext context, Fault fault)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = OData.ContentType;
        context.Response.Headers.ContentEncoding = "gzip";
        await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"value\":[{\"id\":\"BOMB1\",\"title\":\""), context.RequestAborted);
        await WritePatternAsync(gzip, fault.Length ?? DefaultBombLength, context.RequestAborted);
        await gzip.WriteAsync(Encoding.UTF8.GetBytes("\"}]}"), context.RequestAborted);
    }

    private static async Task BigBodyAsync(HttpContext context, Fault fault, Func<HttpContext, Task<byte[]>> render)
    {
        await render(context);
        context.Response.ContentLength = null;
        await WritePatternAsync(context.Response.Body, fault.Length ?? DefaultBombLength, context.RequestAborted);
    }

    private static async Task WritePatternAsync(Stream destination, long length, CancellationToken cancellationToken)
    {
        for (long written = 0; written < length; written += s_pattern.Length)
        {
            await destination.WriteAsync(s_pattern.AsMemory(0, (int)Math.Min(s_pattern.Length, length - written)), cancellationToken);
        }
    }
}
