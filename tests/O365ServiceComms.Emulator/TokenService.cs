using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace O365ServiceComms.Emulator;

/// <summary>What the emulator remembers about an access token it issued.</summary>
internal sealed class IssuedToken
{
    public required string TenantId { get; init; }
    public required string ClientId { get; init; }
    public required string Audience { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    /// <summary>Delegated permissions (scp) of a user's token; empty for an app's.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];
    /// <summary>The signed-in user's object id; null for an app-only token.</summary>
    public string? UserId { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The signed-in user (oid) of a delegated token; null for app-only tokens.</summary>
    public string? UserObjectId => UserId;

    public bool IsDelegated => UserId is not null;
}

/// <summary>A user a delegated token is issued to: the oid keys the user's own read/archive/favorite state.</summary>
internal sealed record DelegatedUser(string UserPrincipalName, string DisplayName, string ObjectId)
{
    /// <summary>A user of the tenant with a stable object id derived from the name, so tests need no user directory.</summary>
    public static DelegatedUser Named(string userPrincipalName) =>
        new(userPrincipalName, userPrincipalName.Split('@')[0],
            new Guid(MD5.HashData(Encoding.UTF8.GetBytes(userPrincipalName.ToLowerInvariant()))).ToString());
}

internal enum TokenStatus { Missing, Unknown, Expired, Valid }

internal sealed record TokenCheck(TokenStatus Status, IssuedToken? Token = null);

/// <summary>
/// Issues JWT-shaped access tokens (HS256 with a per-process key, v1.0 claims like Graph app tokens)
/// and validates them by lookup: a token is good only if this process issued it and it has not expired.
/// </summary>
internal sealed class TokenService
{
    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, IssuedToken> _issued = new(StringComparer.Ordinal);
    private readonly HostileAnswerStore? _hostile;

    public TokenService(HostileAnswerStore? hostile = null) => _hostile = hostile;

    public string Issue(Tenant tenant, RegisteredApp app, string audience, TimeSpan lifetime) =>
        Issue(tenant, app, user: null, audience, app.Roles, scopes: [], lifetime);

    /// <summary>A user's token through a public client app: scp instead of roles, and the user's claims.</summary>
    public string IssueForUser(Tenant tenant, RegisteredApp app, TenantUser user, string audience, IReadOnlyList<string> scopes, TimeSpan lifetime) =>
        Issue(tenant, app, user, audience, roles: [], scopes, lifetime);

    private string Issue(Tenant tenant, RegisteredApp app, TenantUser? user, string audience,
        IReadOnlyList<string> roles, IReadOnlyList<string> scopes, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var info = new IssuedToken
        {
            TenantId = tenant.Id,
            ClientId = app.ClientId,
            Audience = audience,
            Roles = roles,
            Scopes = scopes,
            UserId = user?.ObjectId,
            NotBefore = now.AddMinutes(-5),
            ExpiresAt = now + lifetime,
        };

        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "HS256", ["kid"] = "o365sc-emulator" };
        var payload = new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{tenant.Id}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = info.NotBefore.ToUnixTimeSeconds(),
            ["exp"] = info.ExpiresAt.ToUnixTimeSeconds(),
            ["app_displayname"] = app.DisplayName,
            ["appid"] = app.ClientId,
            ["appidacr"] = "1",
            ["idp"] = $"https://sts.windows.net/{tenant.Id}/",
            ["idtyp"] = user is null ? "app" : "user",
            ["oid"] = user?.ObjectId ?? app.ServicePrincipalId,
            ["sub"] = user?.ObjectId ?? app.ServicePrincipalId,
            // A test may make the sign-in endpoint answer for another tenant (HostileAnswers.cs).
            ["tid"] = _hostile?.TokenTenantClaim ?? tenant.Id,
            ["uti"] = Base64Url.EncodeToString(Guid.NewGuid().ToByteArray()),
            ["ver"] = "1.0",
        };
        if (user is not null)
        {
            payload["appidacr"] = "0";
            payload["name"] = user.DisplayName;
            payload["upn"] = user.UserPrincipalName;
            payload["unique_name"] = user.UserPrincipalName;
            payload["scp"] = string.Join(' ', scopes);
        }
        if (roles.Count > 0)
        {
            payload["roles"] = new JsonArray(roles.Select(r => JsonValue.Create(r)).ToArray<JsonNode?>());
        }

        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(signingInput));
        var token = $"{signingInput}.{Base64Url.EncodeToString(signature)}";
        _issued[token] = info;
        return token;
    }

    /// <summary>
    /// A delegated (user) token for the control API (POST /_emulator/tokens/delegated): the same token a device-code
    /// or browser sign-in gives, for a user named by the test.
    /// </summary>
    public string IssueDelegated(Tenant tenant, RegisteredApp app, DelegatedUser user, IReadOnlyList<string> scopes, string audience, TimeSpan lifetime) =>
        IssueForUser(tenant, app, new TenantUser(user.ObjectId, user.UserPrincipalName, user.DisplayName), audience, scopes, lifetime);

    public TokenCheck Check(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return new TokenCheck(TokenStatus.Missing);
        }
        if (!_issued.TryGetValue(token, out var info))
        {
            return new TokenCheck(TokenStatus.Unknown);
        }
        var now = DateTimeOffset.UtcNow;
        return now < info.NotBefore || now >= info.ExpiresAt
            ? new TokenCheck(TokenStatus.Expired, info)
            : new TokenCheck(TokenStatus.Valid, info);
    }

    /// <summary>Makes every token issued so far expired. Returns how many there are.</summary>
    public int ExpireAll()
    {
        var past = DateTimeOffset.UtcNow.AddSeconds(-1);
        foreach (var info in _issued.Values)
        {
            if (info.ExpiresAt > past)
            {
                info.ExpiresAt = past;
            }
        }
        return _issued.Count;
    }

    /// <summary>An OpenID Connect id token (v2.0) for MSAL's account: who signed in, to which app.</summary>
    public string IdToken(Tenant tenant, RegisteredApp app, TenantUser user, string issuerHost)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "HS256", ["kid"] = "o365sc-emulator" };
        var payload = new JsonObject
        {
            ["aud"] = app.ClientId,
            ["iss"] = $"{issuerHost}/{tenant.Id}/v2.0",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = user.DisplayName,
            ["oid"] = user.ObjectId,
            ["preferred_username"] = user.UserPrincipalName,
            ["sub"] = user.ObjectId,
            ["tid"] = tenant.Id,
            ["ver"] = "2.0",
        };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Encode(JsonObject json) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString(Json.Options)));
}
