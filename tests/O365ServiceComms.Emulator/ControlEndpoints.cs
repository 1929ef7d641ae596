using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Test control API under /_emulator (no authentication, not logged):
/// GET requests, POST reset, GET|POST settings, POST tokens/expire. Data changes and faults: TenantChanges.cs, GraphFaults.cs.
/// </summary>
internal static class ControlEndpoints
{
    private const string Prefix = "/_emulator";

    public static bool IsControlPath(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static void MapControlEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup(Prefix);

        control.MapGet("/requests", (RequestLog log) => Results.Json(log.Snapshot(), Json.Options));

        control.MapPost("/reset", (RequestLog log, SettingsStore settings, TenantDirectory tenants, GraphFaults faults) =>
        {
            log.Clear();
            settings.Reset();
            faults.Clear();
            foreach (var tenant in tenants.Tenants)
            {
                tenant.RestoreOriginalData();
            }
            return Results.Json(settings.Current, Json.Options);
        });

        control.MapGet("/settings", (SettingsStore settings) => Results.Json(settings.Current, Json.Options));
        control.MapPost("/settings", UpdateSettingsAsync);

        control.MapPost("/tokens/expire", (TokenService tokens) => Results.Json(new { expired = tokens.ExpireAll() }, Json.Options));
    }

    /// <summary>
    /// Body {"maxPageSize": N, "tokenLifetimeSeconds": N}: each optional; null restores the default.
    /// Unknown names are rejected so a typo in a test does not pass silently.
    /// </summary>
    private static async Task<IResult> UpdateSettingsAsync(HttpContext context, SettingsStore store)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body);
        }
        catch (JsonException e)
        {
            return BadRequest($"Body is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BadRequest("Body must be a JSON object.");
            }

            var settings = store.Current;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                int? number = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : null;
                if (value.ValueKind != JsonValueKind.Null && number is null)
                {
                    return BadRequest($"'{property.Name}' must be a positive integer or null.");
                }

                switch (property.Name.ToLowerInvariant())
                {
                    case "maxpagesize":
                        settings = settings with { MaxPageSize = number };
                        break;
                    case "tokenlifetimeseconds":
                        settings = settings with { TokenLifetimeSeconds = number ?? EmulatorSettings.Default.TokenLifetimeSeconds };
                        break;
                    default:
                        return BadRequest($"Unknown setting '{property.Name}'. Known: maxPageSize, tokenLifetimeSeconds.");
                }
            }
            store.Set(settings);
            return Results.Json(settings, Json.Options);
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Json(new { error = message }, Json.Options, statusCode: StatusCodes.Status400BadRequest);
}
