using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace O365ServiceComms.Emulator;

/// <summary>A device code handed out, and where its user's sign-in stands.</summary>
internal sealed class DeviceAuthorization
{
    public required string DeviceCode { get; init; }
    public required string UserCode { get; init; }
    public required Tenant Tenant { get; init; }
    public required RegisteredApp App { get; init; }
    public required string Scope { get; init; }
    public required DateTimeOffset ExpiresAt { get; set; }
    /// <summary>pending, approved, declined, redeemed.</summary>
    public string State { get; set; } = "pending";
    public TenantUser? User { get; set; }
    public int Polls { get; set; }
}

/// <summary>What a refresh token or an authorization code stands for.</summary>
internal sealed record UserGrant(Tenant Tenant, RegisteredApp App, TenantUser User, string Scope)
{
    /// <summary>PKCE and redirect URI of an authorization code; null for refresh tokens.</summary>
    public string? CodeChallenge { get; init; }
    public string? RedirectUri { get; init; }
}

/// <summary>
/// State of the user sign-ins (device codes, authorization codes, refresh tokens). Tests drive the user's side
/// through the control API: approve or decline a device code, revoke refresh tokens.
/// </summary>
internal sealed class UserSignIns
{
    private const string UserCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly ConcurrentDictionary<string, DeviceAuthorization> _deviceCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserGrant> _authorizationCodes = new(StringComparer.Ordinal);

    public DeviceAuthorization NewDeviceCode(Tenant tenant, RegisteredApp app, string scope, TimeSpan lifetime)
    {
        var authorization = new DeviceAuthorization
        {
            DeviceCode = Opaque(48),
            UserCode = new string(RandomNumberGenerator.GetItems<char>(UserCodeAlphabet, 9)),
            Tenant = tenant,
            App = app,
            Scope = scope,
            ExpiresAt = DateTimeOffset.UtcNow + lifetime,
        };
        _deviceCodes[authorization.DeviceCode] = authorization;
        return authorization;
    }

    public DeviceAuthorization? FindDeviceCode(string deviceCode) => _deviceCodes.GetValueOrDefault(deviceCode);

    public DeviceAuthorization? FindUserCode(string userCode) =>
        _deviceCodes.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<DeviceAuthorization> PendingDeviceCodes() =>
        _deviceCodes.Values.Where(d => d.State == "pending" && d.ExpiresAt > DateTimeOffset.UtcNow).OrderBy(d => d.ExpiresAt).ToList();

    public string NewRefreshToken(UserGrant grant)
    {
        var token = "rt." + Opaque(64);
        _refreshTokens[token] = grant;
        return token;
    }

    /// <summary>The grant of a refresh token, which is used up (the response carries a new one).</summary>
    public UserGrant? RedeemRefreshToken(string token) => _refreshTokens.TryRemove(token, out var grant) ? grant : null;

    public int RevokeRefreshTokens()
    {
        var count = _refreshTokens.Count;
        _refreshTokens.Clear();
        return count;
    }

    public string NewAuthorizationCode(UserGrant grant)
    {
        var code = "ac." + Opaque(48);
        _authorizationCodes[code] = grant;
        return code;
    }

    public UserGrant? RedeemAuthorizationCode(string code) => _authorizationCodes.TryRemove(code, out var grant) ? grant : null;

    private static string Opaque(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
