using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Test control API under /_emulator (no authentication, not logged):
/// GET requests, POST reset, GET|POST settings, POST tokens/expire. Data changes: TenantChanges.cs; faults: Faults.cs.
/// </summary>
internal static class ControlEndpoints
{
    private const string Prefix = "/_emulator";

    public static bool IsControlPath(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static void MapControlEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup(Prefix);

        control.MapGet("/requests", (RequestLog log) => Results.Json(log.Snapshot(), Json.Options));

        control.MapPost("/reset", (RequestLog log, SettingsStore settings, FaultStore faults, ForeignHost foreign, ViewPointStore viewPoints, TenantDirectory tenants, HostileAnswerStore hostile) =>
        {
            log.Clear();
            hostile.Clear();
            settings.Reset();
            faults.Clear();
            foreign.Clear();
            viewPoints.Clear();
            foreach (var tenant in tenants.Tenants)
            {
                tenant.RestoreOriginalData();
            }
            return Results.Json(settings.Current, Json.Options);
        });

        control.MapGet("/settings", (SettingsStore settings) => Results.Json(settings.Current, Json.Options));
        control.MapPost("/settings", UpdateSettingsAsync);

        control.MapPost("/tokens/expire", (TokenService tokens) => Results.Json(new { expired = tokens.ExpireAll() }, Json.Options));
        control.MapPost("/tokens/delegated", IssueDelegatedTokenAsync);
    }

    /// <summary>
    /// Mints a delegated (user) access token, as a device-code or browser sign-in would give: body
    /// {"user": "upn", "scopes": [...], "tenant": "id or domain", "audience": "https://graph.microsoft.com"}, each optional.
    /// Default: megan@contoso.onmicrosoft.com of the demo tenant with ServiceHealth.Read.All, ServiceMessage.Read.All
    /// and ServiceMessageViewpoint.Write.
    /// </summary>
    private static async Task<IResult> IssueDelegatedTokenAsync(HttpContext context, TenantDirectory directory, TokenService tokens, SettingsStore settings)
    {
        string? user = null, tenantKey = null, audience = null;
        List<string>? scopes = null;
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    switch (property.Name.ToLowerInvariant())
                    {
                        case "user": user = property.Value.GetString(); break;
                        case "tenant": tenantKey = property.Value.GetString(); break;
                        case "audience": audience = property.Value.GetString(); break;
                        case "scopes": scopes = property.Value.EnumerateArray().Select(s => s.GetString()!).ToList(); break;
                        default: return BadRequest($"Unknown field '{property.Name}'. Known: user, scopes, tenant, audience.");
                    }
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return BadRequest($"Body is not valid: {e.Message}");
            }
        }

        var tenant = tenantKey is null ? directory.Tenants[0] : directory.Find(tenantKey);
        if (tenant is null)
        {
            return BadRequest($"Unknown tenant '{tenantKey}'.");
        }
        var app = tenant.Apps[0];
        var signedIn = DelegatedUser.Named(user ?? "megan@" + tenant.Domains[0]);
        scopes ??= [GraphRoles.ServiceHealthReadAll, GraphRoles.ServiceMessageReadAll, ViewPointEndpoints.ViewPointWrite];
        var lifetime = settings.Current.TokenLifetimeSeconds;
        var token = tokens.IssueDelegated(tenant, app, signedIn, scopes, audience ?? "https://graph.microsoft.com", TimeSpan.FromSeconds(lifetime));
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetime,
            ["access_token"] = token,
            ["scope"] = string.Join(' ', scopes),
            ["user"] = signedIn.UserPrincipalName,
            ["oid"] = signedIn.ObjectId,
        }, Json.Options);
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
