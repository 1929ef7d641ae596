using System.Globalization;
using System.Security.Cryptography;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The Azure resource the emulator plays for managed identity: its system-assigned identity and the user-assigned
/// identities attached to it, and the secret of the X-IDENTITY-HEADER the platform puts in IDENTITY_HEADER.
/// </summary>
internal sealed class ManagedIdentityHost(string systemAssignedClientId, IReadOnlyList<string> userAssignedClientIds)
{
    public string Header { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string SystemAssignedClientId { get; } = systemAssignedClientId;

    public IReadOnlyList<string> UserAssignedClientIds { get; } = userAssignedClientIds;
}

/// <summary>
/// The App Service / Azure Automation managed identity endpoint (what IDENTITY_ENDPOINT points at):
/// GET /msi/token?api-version=2019-08-01&amp;resource=...[&amp;client_id=...] with header X-IDENTITY-HEADER.
/// </summary>
internal static class ManagedIdentityEndpoint
{
    public const string Path = "/msi/token";

    public static void MapManagedIdentityEndpoint(this IEndpointRouteBuilder routes) => routes.MapGet(Path, Token);

    private static IResult Token(HttpContext context, ManagedIdentityHost host, TenantDirectory directory, TokenService tokens, SettingsStore settings)
    {
        var query = context.Request.Query;
        string? Query(string name) => query.TryGetValue(name, out var value) && value.ToString().Length > 0 ? value.ToString() : null;
        var resource = Query("resource");
        var clientId = Query("client_id") ?? host.SystemAssignedClientId;
        context.Features.Get<RequestLogEntry>()?.RecordTokenRequest("managed_identity", clientId, resource);

        if (!string.Equals(context.Request.Headers["X-IDENTITY-HEADER"].ToString(), host.Header, StringComparison.Ordinal))
        {
            return Failure(context, 401, "The X-IDENTITY-HEADER header is missing or wrong.");
        }
        if (Query("api-version") != "2019-08-01")
        {
            return Failure(context, 400, "The api-version parameter must be 2019-08-01.");
        }
        if (resource is null)
        {
            return Failure(context, 400, "The resource parameter is required.");
        }
        if (Query("mi_res_id") is not null || Query("principal_id") is not null || Query("object_id") is not null)
        {
            return Failure(context, 400, "The emulator identifies user-assigned identities by client_id only.");
        }
        var attached = string.Equals(clientId, host.SystemAssignedClientId, StringComparison.OrdinalIgnoreCase) ||
                       host.UserAssignedClientIds.Contains(clientId, StringComparer.OrdinalIgnoreCase);
        var identity = attached ? directory.FindAppAnywhere(clientId) : null;
        if (identity is null)
        {
            return Failure(context, 400, "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.");
        }

        var (tenant, app) = identity.Value;
        var lifetime = settings.Current.TokenLifetimeSeconds;
        var accessToken = tokens.Issue(tenant, app, resource.TrimEnd('/'), TimeSpan.FromSeconds(lifetime));
        context.Response.Headers.CacheControl = "no-store, no-cache";
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = accessToken,
            ["expires_on"] = DateTimeOffset.UtcNow.AddSeconds(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = app.ClientId,
        }, Json.Options);
    }

    private static IResult Failure(HttpContext context, int status, string message) =>
        Results.Json(new Dictionary<string, object>
        {
            ["statusCode"] = status,
            ["message"] = message,
            ["correlationId"] = Guid.NewGuid().ToString(),
        }, Json.Options, statusCode: status);
}
