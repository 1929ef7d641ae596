using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Entra ID v2.0: POST /{tenant}/oauth2/v2.0/token and the tenant's OpenID configuration document.
/// Grant types dispatch from <see cref="HandleTokenRequestAsync"/>; client authentication
/// (secret now, certificate assertion later) lives in <see cref="AuthenticateClient"/>.
/// </summary>
internal static partial class TokenEndpoint
{
    private const string ErrorUriBase = "https://login.microsoftonline.com/error?code=";

    public static void MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{tenant}/oauth2/v2.0/token", HandleTokenRequestAsync);
        routes.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", OpenIdConfiguration);
        routes.MapPost("/{tenant}/oauth2/v2.0/devicecode", DeviceAuthorizationAsync);
        routes.MapGet("/{tenant}/oauth2/v2.0/authorize", Authorize);
    }

    private sealed record TokenRequest(
        string TenantSegment,
        Tenant Tenant,
        IFormCollection Form,
        string? ClientId,
        string? ClientSecret,
        string? Scope);

    private static async Task<IResult> HandleTokenRequestAsync(
        string tenant, HttpContext context, TenantDirectory directory, TokenService tokens, SettingsStore settings, UserSignIns signIns, ServerAddress server)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
        var grantType = Field(form, "grant_type");
        var (clientId, clientSecret) = ClientCredentials(context.Request, form);
        var scope = Field(form, "scope");
        context.Features.Get<RequestLogEntry>()?.RecordTokenRequest(grantType, clientId, scope);

        var found = directory.Find(tenant);
        if (found is null)
        {
            return Error(context, 400, "invalid_request", 90002,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        if (grantType is null)
        {
            return MissingParameter(context, "grant_type");
        }

        var request = new TokenRequest(tenant, found, form, clientId, clientSecret, scope);
        return grantType switch
        {
            "client_credentials" => ClientCredentialsGrant(context, request, tokens, settings.Current),
            // MSAL sends the short form; RFC 8628 names the URN.
            "device_code" or DeviceCodeGrantType => DeviceCodeGrant(context, request, tokens, settings.Current, signIns, server),
            "refresh_token" => RefreshTokenGrant(context, request, tokens, settings.Current, signIns, server),
            "authorization_code" => AuthorizationCodeGrant(context, request, tokens, settings.Current, signIns, server),
            _ => Error(context, 400, "unsupported_grant_type", 70003,
                $"The app requested an unsupported grant type '{grantType}'."),
        };
    }

    private static IResult ClientCredentialsGrant(HttpContext context, TokenRequest request, TokenService tokens, EmulatorSettings settings)
    {
        if (request.ClientId is null)
        {
            return MissingParameter(context, "client_id");
        }
        var app = request.Tenant.FindApp(request.ClientId);
        if (app is null)
        {
            return Error(context, 400, "unauthorized_client", 700016,
                $"Application with identifier '{request.ClientId}' was not found in the directory '{request.TenantSegment}'. " +
                "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
                "You may have sent your authentication request to the wrong tenant.");
        }
        if (request.Scope is null)
        {
            return MissingParameter(context, "scope");
        }
        var resource = DefaultScopeResource(request.Scope);
        if (resource is null)
        {
            return Error(context, 400, "invalid_scope", 1002012,
                $"The provided value for scope {request.Scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }
        var authenticationError = AuthenticateClient(context, request, app);
        if (authenticationError is not null)
        {
            return authenticationError;
        }

        var lifetime = settings.TokenLifetimeSeconds;
        var accessToken = tokens.Issue(request.Tenant, app, resource, TimeSpan.FromSeconds(lifetime));
        NoCache(context);
        return Results.Json(new TokenResponse("Bearer", lifetime, lifetime, accessToken), Json.Options);
    }

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("ext_expires_in")] int ExtExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken);

    /// <summary>Null when the client proved who it is; otherwise the error to send.</summary>
    private static IResult? AuthenticateClient(HttpContext context, TokenRequest request, RegisteredApp app)
    {
        var assertionType = Field(request.Form, "client_assertion_type");
        var assertion = Field(request.Form, "client_assertion");
        if (assertion is not null || assertionType is not null)
        {
            return AuthenticateWithAssertion(context, request, app, assertionType, assertion);
        }
        if (context.Features.Get<RequestLogEntry>() is { } entry && request.ClientSecret is not null)
        {
            entry.ClientAuthentication = "client_secret";
        }
        if (request.ClientSecret is null)
        {
            return Error(context, 401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (!string.Equals(request.ClientSecret, app.ClientSecret, StringComparison.Ordinal))
        {
            return Error(context, 401, "invalid_client", 7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
                $"not the client secret ID, for a secret added to app '{app.ClientId}'.");
        }
        return null;
    }

    /// <summary>"https://graph.microsoft.com/.default" -> "https://graph.microsoft.com"; null if not a single resource's /.default.</summary>
    private static string? DefaultScopeResource(string scope)
    {
        string[] reserved = ["openid", "profile", "offline_access"];
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !reserved.Contains(s, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (scopes.Count != 1 || !scopes[0].EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var resource = scopes[0][..^"/.default".Length];
        return resource.Length == 0 ? null : resource;
    }

    /// <summary>client_secret_post, or client_secret_basic (HTTP Basic with url-encoded id and secret).</summary>
    private static (string? ClientId, string? ClientSecret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        string? clientId = Field(form, "client_id");
        string? clientSecret = Field(form, "client_secret");
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) &&
            string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':');
                if (colon > 0)
                {
                    clientId ??= Uri.UnescapeDataString(decoded[..colon]);
                    clientSecret ??= Uri.UnescapeDataString(decoded[(colon + 1)..]);
                }
            }
            catch (FormatException)
            {
                // Not Basic credentials after all: leave them missing.
            }
        }
        return (clientId, clientSecret);
    }

    private static IResult OpenIdConfiguration(string tenant, HttpContext context, TenantDirectory directory, ServerAddress server)
    {
        var found = directory.Find(tenant);
        if (found is null)
        {
            return Error(context, 400, "invalid_tenant", 90002,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        var root = $"{server.For(context)}/{found.Id}";
        return Results.Json(new Dictionary<string, object?>
        {
            ["token_endpoint"] = $"{root}/oauth2/v2.0/token",
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" },
            ["jwks_uri"] = $"{root}/discovery/v2.0/keys",
            ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["issuer"] = $"{root}/v2.0",
            ["request_uri_parameter_supported"] = false,
            ["authorization_endpoint"] = $"{root}/oauth2/v2.0/authorize",
            ["device_authorization_endpoint"] = $"{root}/oauth2/v2.0/devicecode",
            ["end_session_endpoint"] = $"{root}/oauth2/v2.0/logout",
            ["tenant_region_scope"] = "EU",
            ["cloud_instance_name"] = "microsoftonline.com",
            ["msgraph_host"] = "graph.microsoft.com",
        }, Json.Options);
    }

    private static IResult MissingParameter(HttpContext context, string name) =>
        Error(context, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.");

    /// <summary>An Entra ID error body, e.g. {"error":"invalid_client","error_description":"AADSTS7000215: ...\r\nTrace ID: ...", ...}.</summary>
    private static IResult Error(HttpContext context, int status, string error, int code, string message)
    {
        var traceId = Guid.NewGuid().ToString();
        var correlationId = Guid.TryParse(context.Request.Headers["client-request-id"], out var clientRequestId)
            ? clientRequestId.ToString()
            : Guid.NewGuid().ToString();
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        NoCache(context);
        context.Response.Headers["x-ms-request-id"] = traceId;
        return Results.Json(new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {message}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new[] { code },
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = ErrorUriBase + code.ToString(CultureInfo.InvariantCulture),
        }, Json.Options, statusCode: status);
    }

    private static void NoCache(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        if (context.Request.Headers.TryGetValue("client-request-id", out var clientRequestId))
        {
            context.Response.Headers["client-request-id"] = clientRequestId;
        }
    }

    private static string? Field(IFormCollection form, string name)
    {
        var value = form[name].ToString();
        return value.Length == 0 ? null : value;
    }
}
