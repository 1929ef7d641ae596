using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Certificate client assertions and the user sign-ins of public client apps: the device code flow
/// (devicecode endpoint, then polling with authorization_pending until the test approves the code), the browser flow
/// (authorize endpoint with PKCE, then the authorization code), and refresh tokens.
/// </summary>
internal static partial class TokenEndpoint
{
    private const string DeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>How often the client may poll; the live service says 5, the emulator 1 to keep tests short.</summary>
    private const int DeviceCodeIntervalSeconds = 1;

    private static readonly TimeSpan DeviceCodeLifetime = TimeSpan.FromMinutes(15);

    private static readonly string[] OpenIdScopes = ["openid", "profile", "offline_access", "email"];

    /// <summary>The resource and Graph permissions a user's token is asked for.</summary>
    private sealed record DelegatedScope(string Resource, IReadOnlyList<string> Permissions, string Requested);

    // ---- certificate credentials ----

    private static IResult? AuthenticateWithAssertion(HttpContext context, TokenRequest request, RegisteredApp app, string? assertionType, string? assertion)
    {
        if (!string.Equals(assertionType, ClientAssertion.JwtBearerType, StringComparison.Ordinal))
        {
            return Error(context, 400, "invalid_request", 50027,
                $"JWT token is invalid or malformed: client_assertion_type must be '{ClientAssertion.JwtBearerType}'.");
        }
        if (assertion is null)
        {
            return MissingParameter(context, "client_assertion");
        }

        if (context.Features.Get<RequestLogEntry>() is { } entry)
        {
            entry.ClientAuthentication = "private_key_jwt:" + ClientAssertion.Algorithm(assertion);
        }

        var origin = context.RequestServices.GetRequiredService<ServerAddress>().For(context);
        var audiences = new[] { request.TenantSegment, request.Tenant.Id }.Concat(request.Tenant.Domains)
            .Select(tenant => $"{origin}/{tenant}/oauth2/v2.0/token")
            .ToList();
        var failure = ClientAssertion.Validate(assertion, app, audiences, DateTimeOffset.UtcNow);
        return failure is null ? null : Error(context, 401, "invalid_client", failure.Code, failure.Message);
    }

    // ---- device code ----

    private static async Task<IResult> DeviceAuthorizationAsync(
        string tenant, HttpContext context, TenantDirectory directory, UserSignIns signIns, ServerAddress server)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
        var clientId = Field(form, "client_id");
        var scope = Field(form, "scope");
        context.Features.Get<RequestLogEntry>()?.RecordTokenRequest("device_code_request", clientId, scope);

        var found = directory.Find(tenant);
        if (found is null)
        {
            return Error(context, 400, "invalid_request", 90002,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        if (clientId is null)
        {
            return MissingParameter(context, "client_id");
        }
        var app = found.FindApp(clientId);
        if (app is null || app.IsManagedIdentity)
        {
            return UnknownApp(context, clientId, tenant);
        }
        if (scope is null)
        {
            return MissingParameter(context, "scope");
        }
        var (_, scopeError) = ParseUserScope(context, scope, app, checkConsent: false);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var authorization = signIns.NewDeviceCode(found, app, scope, DeviceCodeLifetime);
        var verificationUri = $"{server.For(context)}/devicelogin";
        NoCache(context);
        return Results.Json(new Dictionary<string, object>
        {
            ["user_code"] = authorization.UserCode,
            ["device_code"] = authorization.DeviceCode,
            ["verification_uri"] = verificationUri,
            ["expires_in"] = (int)DeviceCodeLifetime.TotalSeconds,
            ["interval"] = DeviceCodeIntervalSeconds,
            ["message"] = $"To sign in, use a web browser to open the page {verificationUri} and enter the code {authorization.UserCode} to authenticate.",
        }, Json.Options);
    }

    private static IResult DeviceCodeGrant(
        HttpContext context, TokenRequest request, TokenService tokens, EmulatorSettings settings, UserSignIns signIns, ServerAddress server)
    {
        var deviceCode = Field(request.Form, "device_code") ?? Field(request.Form, "code");
        if (deviceCode is null)
        {
            return MissingParameter(context, "device_code");
        }
        var authorization = signIns.FindDeviceCode(deviceCode);
        if (authorization is null || authorization.Tenant != request.Tenant ||
            !string.Equals(authorization.App.ClientId, request.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return Error(context, 400, "invalid_grant", 70000, "The provided value for the 'device_code' parameter is not valid.");
        }
        if (!authorization.App.IsPublicClient && AuthenticateClient(context, request, authorization.App) is { } clientError)
        {
            return clientError;
        }

        lock (authorization)
        {
            authorization.Polls++;
            if (authorization.State == "redeemed")
            {
                return Error(context, 400, "invalid_grant", 70000, "The provided value for the 'device_code' parameter has already been redeemed.");
            }
            if (DateTimeOffset.UtcNow >= authorization.ExpiresAt)
            {
                return Error(context, 400, "expired_token", 70019, "Verification code expired.");
            }
            switch (authorization.State)
            {
                case "declined":
                    authorization.State = "redeemed";
                    return Error(context, 400, "authorization_declined", 70000, "The user declined the sign-in request.");
                case "pending":
                    return Error(context, 400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
            }
            authorization.State = "redeemed";
        }

        var (scope, scopeError) = ParseUserScope(context, authorization.Scope, authorization.App, checkConsent: true);
        return scopeError ?? UserTokens(context, new UserGrant(authorization.Tenant, authorization.App, authorization.User!, authorization.Scope),
            scope!, tokens, settings, signIns, server);
    }

    // ---- refresh tokens ----

    private static IResult RefreshTokenGrant(
        HttpContext context, TokenRequest request, TokenService tokens, EmulatorSettings settings, UserSignIns signIns, ServerAddress server)
    {
        var refreshToken = Field(request.Form, "refresh_token");
        if (refreshToken is null)
        {
            return MissingParameter(context, "refresh_token");
        }
        var grant = signIns.RedeemRefreshToken(refreshToken);
        if (grant is null || grant.Tenant != request.Tenant ||
            !string.Equals(grant.App.ClientId, request.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return Error(context, 400, "invalid_grant", 700082,
                "The refresh token has expired due to inactivity. The token was issued on a date the emulator no longer honours. " +
                "The user must sign in again.");
        }
        if (!grant.App.IsPublicClient && AuthenticateClient(context, request, grant.App) is { } clientError)
        {
            return clientError;
        }

        var requested = request.Scope ?? grant.Scope;
        var (scope, scopeError) = ParseUserScope(context, requested, grant.App, checkConsent: true);
        return scopeError ?? UserTokens(context, grant with { Scope = requested }, scope!, tokens, settings, signIns, server);
    }

    // ---- browser sign-in: authorize endpoint and authorization code ----

    private static IResult Authorize(string tenant, HttpContext context, TenantDirectory directory, UserSignIns signIns)
    {
        var query = context.Request.Query;
        string? Query(string name) => query.TryGetValue(name, out var value) && value.ToString().Length > 0 ? value.ToString() : null;
        var clientId = Query("client_id");
        var scope = Query("scope");
        context.Features.Get<RequestLogEntry>()?.RecordTokenRequest("authorize", clientId, scope);

        var found = directory.Find(tenant);
        if (found is null)
        {
            return Error(context, 400, "invalid_request", 90002, $"Tenant '{tenant}' not found.");
        }
        var app = clientId is null ? null : found.FindApp(clientId);
        if (app is null || app.IsManagedIdentity)
        {
            return UnknownApp(context, clientId ?? "", tenant);
        }
        var redirectUri = Query("redirect_uri");
        if (redirectUri is null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect) || redirect.Scheme != Uri.UriSchemeHttp ||
            !(redirect.IsLoopback || redirect.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return Error(context, 400, "invalid_request", 50011,
                $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{clientId}'.");
        }

        // The answer goes back to the app as query parameters, or (response_mode=form_post, as MSAL asks) as a form
        // the browser posts to the redirect URI.
        IResult Redirect(params (string Name, string Value)[] fields)
        {
            var all = fields.Append((Name: "state", Value: Query("state") ?? "")).Where(f => f.Value.Length > 0).ToList();
            if (Query("response_mode") == "form_post")
            {
                var inputs = string.Concat(all.Select(f =>
                    $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(f.Name)}\" value=\"{WebUtility.HtmlEncode(f.Value)}\"/>"));
                return Results.Content(
                    "<html><head><title>Working...</title></head><body onload=\"document.forms[0].submit()\">" +
                    $"<form method=\"POST\" name=\"hiddenform\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">{inputs}" +
                    "<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\"/></noscript></form></body></html>",
                    "text/html; charset=utf-8");
            }
            var separator = redirect.Query.Length > 0 ? "&" : "?";
            return Results.Redirect(redirectUri + separator + string.Join("&", all.Select(f => f.Name + "=" + Uri.EscapeDataString(f.Value))));
        }

        if (Query("response_type") != "code")
        {
            return Redirect(("error", "unsupported_response_type"), ("error_description", "AADSTS70005: response_type 'code' is required."));
        }
        var challenge = Query("code_challenge");
        if (challenge is null || Query("code_challenge_method") != "S256")
        {
            return Redirect(("error", "invalid_request"), ("error_description", "AADSTS9002325: Proof Key for Code Exchange (S256) is required."));
        }
        if (scope is null)
        {
            return Redirect(("error", "invalid_request"), ("error_description", "AADSTS900144: The request body must contain the following parameter: 'scope'."));
        }
        var (_, scopeError) = ParseUserScope(context, scope, app, checkConsent: true);
        if (scopeError is not null)
        {
            return Redirect(("error", "access_denied"),
                ("error_description", $"AADSTS65001: The user or administrator has not consented to use the application with ID '{app.ClientId}' named '{app.DisplayName}'."));
        }

        // The emulated browser signs the tenant's user (or login_hint's) in at once: there is no page to fill in.
        var user = found.FindUser(Query("login_hint")) ?? found.FindUser(null);
        if (user is null)
        {
            return Redirect(("error", "access_denied"), ("error_description", "AADSTS50034: The user account does not exist in the directory."));
        }
        var code = signIns.NewAuthorizationCode(new UserGrant(found, app, user, scope) { CodeChallenge = challenge, RedirectUri = redirectUri });
        return Redirect(("code", code), ("session_state", Guid.NewGuid().ToString()));
    }

    private static IResult AuthorizationCodeGrant(
        HttpContext context, TokenRequest request, TokenService tokens, EmulatorSettings settings, UserSignIns signIns, ServerAddress server)
    {
        var code = Field(request.Form, "code");
        if (code is null)
        {
            return MissingParameter(context, "code");
        }
        var grant = signIns.RedeemAuthorizationCode(code);
        if (grant is null || grant.Tenant != request.Tenant ||
            !string.Equals(grant.App.ClientId, request.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return Error(context, 400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.");
        }
        if (!string.Equals(Field(request.Form, "redirect_uri"), grant.RedirectUri, StringComparison.Ordinal))
        {
            return Error(context, 400, "invalid_grant", 70000, "The redirect URI does not match the one the authorization code was issued for.");
        }
        var verifier = Field(request.Form, "code_verifier");
        if (verifier is null ||
            Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.CodeChallenge)
        {
            return Error(context, 400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
        }
        if (!grant.App.IsPublicClient && AuthenticateClient(context, request, grant.App) is { } clientError)
        {
            return clientError;
        }

        var (scope, scopeError) = ParseUserScope(context, grant.Scope, grant.App, checkConsent: true);
        return scopeError ?? UserTokens(context, grant, scope!, tokens, settings, signIns, server);
    }

    // ---- shared ----

    /// <summary>"https://graph.microsoft.com/ServiceHealth.Read.All openid profile offline_access": one resource and its permissions.</summary>
    private static (DelegatedScope? Scope, IResult? Error) ParseUserScope(HttpContext context, string scope, RegisteredApp app, bool checkConsent)
    {
        var requested = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !OpenIdScopes.Contains(s, StringComparer.OrdinalIgnoreCase))
            .ToList();
        var split = requested.Select(s => (Resource: s[..Math.Max(0, s.LastIndexOf('/'))], Permission: s[(s.LastIndexOf('/') + 1)..])).ToList();
        if (split.Count == 0 || split.Any(s => s.Resource.Length == 0 || s.Permission.Length == 0) ||
            split.Select(s => s.Resource).Distinct(StringComparer.OrdinalIgnoreCase).Count() != 1)
        {
            return (null, Error(context, 400, "invalid_scope", 70011,
                $"The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid."));
        }

        var permissions = split.Any(s => s.Permission == ".default")
            ? app.DelegatedScopes.ToList()
            : split.Select(s => s.Permission).ToList();
        if (checkConsent && (permissions.Count == 0 || permissions.Except(app.DelegatedScopes, StringComparer.OrdinalIgnoreCase).Any()))
        {
            return (null, Error(context, 400, "invalid_grant", 65001,
                $"The user or administrator has not consented to use the application with ID '{app.ClientId}' named '{app.DisplayName}'. " +
                "Send an interactive authorization request for this user and resource."));
        }
        return (new DelegatedScope(split[0].Resource, permissions, string.Join(' ', requested)), null);
    }

    /// <summary>Access, refresh and id token plus client_info, as MSAL expects them for a user's account.</summary>
    private static IResult UserTokens(HttpContext context, UserGrant grant, DelegatedScope scope,
        TokenService tokens, EmulatorSettings settings, UserSignIns signIns, ServerAddress server)
    {
        var lifetime = settings.TokenLifetimeSeconds;
        var accessToken = tokens.IssueForUser(grant.Tenant, grant.App, grant.User, scope.Resource, scope.Permissions, TimeSpan.FromSeconds(lifetime));
        var refreshToken = signIns.NewRefreshToken(new UserGrant(grant.Tenant, grant.App, grant.User, grant.Scope));
        var clientInfo = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["uid"] = grant.User.ObjectId, ["utid"] = grant.Tenant.Id });
        NoCache(context);
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = scope.Requested,
            ["expires_in"] = lifetime,
            ["ext_expires_in"] = lifetime,
            ["access_token"] = accessToken,
            ["refresh_token"] = refreshToken,
            ["id_token"] = tokens.IdToken(grant.Tenant, grant.App, grant.User, server.For(context)),
            ["client_info"] = Base64Url.EncodeToString(clientInfo),
        }, Json.Options);
    }

    private static IResult UnknownApp(HttpContext context, string clientId, string tenant) =>
        Error(context, 400, "unauthorized_client", 700016,
            $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. " +
            "This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
            "You may have sent your authentication request to the wrong tenant.");
}
