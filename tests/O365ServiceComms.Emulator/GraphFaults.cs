using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>One fault: Graph requests whose path contains <see cref="Path"/> answer <see cref="Status"/>, after <see cref="Skip"/> of them went through, <see cref="Count"/> times (null: until cleared).</summary>
internal sealed record GraphFault(int Status, string? Path, int Skip, int? Count);

/// <summary>
/// A minimal fault switch for Graph requests: POST /_emulator/faults {"status": 500, "path": "/issues", "skip": 1, "count": null}
/// makes matching requests fail with a Graph error body; GET shows it with the number of failures so far;
/// POST /_emulator/faults/clear and POST /_emulator/reset switch it off.
/// </summary>
internal sealed class GraphFaults
{
    private readonly object _lock = new();
    private GraphFault? _fault;
    private int _matched;
    private int _failed;

    public void Set(GraphFault fault)
    {
        lock (_lock)
        {
            (_fault, _matched, _failed) = (fault, 0, 0);
        }
    }

    public void Clear() => Set(null!);

    public object Snapshot()
    {
        lock (_lock)
        {
            return new { fault = _fault, matched = _matched, failed = _failed };
        }
    }

    /// <summary>The status to answer this request with, or null to let it through.</summary>
    public int? Take(PathString path)
    {
        lock (_lock)
        {
            if (_fault is not { } fault ||
                (fault.Path is not null && !(path.Value ?? "").Contains(fault.Path, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            _matched++;
            if (_matched <= fault.Skip || (fault.Count is int count && _failed >= count))
            {
                return null;
            }

            _failed++;
            return fault.Status;
        }
    }
}

internal static class GraphFaultEndpoints
{
    /// <summary>Fails Graph requests while a fault is set; runs after the request-id is assigned, so error bodies carry it.</summary>
    public static IApplicationBuilder UseGraphFaults(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var isGraph = path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase);
        if (isGraph && context.RequestServices.GetRequiredService<GraphFaults>().Take(path) is int status)
        {
            var code = status switch
            {
                500 => "InternalServerError",
                502 => "BadGateway",
                503 => "ServiceUnavailable",
                504 => "GatewayTimeout",
                _ => "UnknownError",
            };
            await OData.Error(context, status, code, "Fault injected by the emulator.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    public static void MapGraphFaultEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator/faults");
        control.MapGet("", (GraphFaults faults) => Results.Json(faults.Snapshot(), Json.Options));
        control.MapPost("/clear", (GraphFaults faults) =>
        {
            faults.Clear();
            return Results.Json(faults.Snapshot(), Json.Options);
        });
        control.MapPost("", async (HttpContext context, GraphFaults faults) =>
        {
            GraphFault? fault;
            try
            {
                fault = await JsonSerializer.DeserializeAsync<GraphFault>(context.Request.Body, Json.Options);
            }
            catch (JsonException e)
            {
                return Results.Json(new { error = $"Body is not a fault: {e.Message}" }, Json.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            if (fault is null || fault.Status is < 500 or > 599 || fault.Skip < 0 || fault.Count is < 1)
            {
                return Results.Json(new { error = "Give {\"status\": 500-599, \"path\": \"/issues\" (optional), \"skip\": N >= 0, \"count\": N >= 1 or null}." },
                    Json.Options, statusCode: StatusCodes.Status400BadRequest);
            }
            faults.Set(fault);
            return Results.Json(faults.Snapshot(), Json.Options);
        });
    }
}
