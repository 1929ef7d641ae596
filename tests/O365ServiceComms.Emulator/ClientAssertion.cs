using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>The certificates registered on an app (the public keys under "Certificates & secrets").</summary>
internal sealed class RegisteredCertificates
{
    private readonly ConcurrentDictionary<string, X509Certificate2> _bySha1 = new(StringComparer.OrdinalIgnoreCase);

    public void Add(X509Certificate2 certificate) => _bySha1[certificate.Thumbprint] = certificate;

    public int Count => _bySha1.Count;

    /// <summary>By the assertion header's x5t#S256 (SHA-256 of the DER) or x5t (SHA-1).</summary>
    public X509Certificate2? Find(byte[]? sha256, byte[]? sha1) =>
        _bySha1.Values.FirstOrDefault(c =>
            (sha256 is not null && c.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(sha256)) ||
            (sha1 is not null && c.GetCertHash(HashAlgorithmName.SHA1).AsSpan().SequenceEqual(sha1)));
}

/// <summary>
/// Checks a private_key_jwt client assertion as Entra ID does: a JWT signed (PS256 or RS256) with the private key of
/// a certificate registered on the app, named by x5t#S256 or x5t; iss = sub = client id; aud = the token endpoint;
/// within nbf..exp (MSAL sends those as strings); and the registered certificate itself still valid.
/// </summary>
internal static class ClientAssertion
{
    public const string JwtBearerType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    internal sealed record Failure(int Code, string Message);

    /// <param name="audiences">Token endpoint URLs the assertion may be addressed to.</param>
    public static Failure? Validate(string assertion, RegisteredApp app, IReadOnlyCollection<string> audiences, DateTimeOffset now)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return new Failure(50027, "JWT token is invalid or malformed.");
        }

        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return new Failure(50027, "JWT token is invalid or malformed.");
        }

        var alg = String(header, "alg");
        RSASignaturePadding? padding = alg switch
        {
            "PS256" => RSASignaturePadding.Pss,
            "RS256" => RSASignaturePadding.Pkcs1,
            _ => null,
        };
        if (padding is null)
        {
            return new Failure(50027, $"JWT token is invalid or malformed: the algorithm '{alg}' is not supported for client assertions.");
        }

        var sha256 = Bytes(String(header, "x5t#S256"));
        var sha1 = Bytes(String(header, "x5t"));
        var thumbprint = sha1 is not null ? Convert.ToHexString(sha1) : sha256 is not null ? Convert.ToHexString(sha256) : "none";
        var certificate = app.Certificates.Find(sha256, sha1);
        if (certificate is null)
        {
            return new Failure(700027,
                $"Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '{thumbprint}', " +
                $"Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{app.ClientId}'.]");
        }

        using (var key = certificate.GetRSAPublicKey())
        {
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (key is null || !key.VerifyData(signed, signature, HashAlgorithmName.SHA256, padding))
            {
                return new Failure(700027,
                    $"Client assertion contains an invalid signature. [Reason - The key was found but the signature could not be verified., Thumbprint of key used by client: '{certificate.Thumbprint}']");
            }
        }

        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return new Failure(700027,
                $"Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of key used by client: '{certificate.Thumbprint}', " +
                $"Found key 'Start={certificate.NotBefore.ToUniversalTime():MM/dd/yyyy HH:mm:ss}, End={certificate.NotAfter.ToUniversalTime():MM/dd/yyyy HH:mm:ss}']");
        }

        if (!string.Equals(String(payload, "iss"), app.ClientId, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(String(payload, "sub"), app.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return new Failure(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
        }

        var audience = String(payload, "aud");
        if (audience is null || !audiences.Contains(audience.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            return new Failure(700023, $"Client assertion audience claim does not match Realm issuer. Audience: '{audience}'.");
        }

        var notBefore = Time(payload, "nbf");
        var expires = Time(payload, "exp");
        if (expires is null || now > expires.Value + ClockSkew || (notBefore is not null && now + ClockSkew < notBefore.Value))
        {
            return new Failure(700024,
                $"Client assertion is not within its valid time range. Current time: {now:yyyy-MM-ddTHH:mm:ss.fffffffZ}, " +
                $"assertion valid from {notBefore:yyyy-MM-ddTHH:mm:ss.fffffffZ}, expiry time of assertion {expires:yyyy-MM-ddTHH:mm:ss.fffffffZ}.");
        }

        return null;
    }

    /// <summary>The alg of an assertion's header, for the request log; "?" when it cannot be read.</summary>
    public static string Algorithm(string assertion)
    {
        try
        {
            var header = JsonDocument.Parse(Base64Url.DecodeFromChars(assertion.Split('.')[0])).RootElement;
            return String(header, "alg") ?? "?";
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return "?";
        }
    }

    private static string? String(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static byte[]? Bytes(string? base64Url)
    {
        if (base64Url is null)
        {
            return null;
        }
        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Seconds since 1970, as a JSON number or (as MSAL sends nbf and exp) a string.</summary>
    private static DateTimeOffset? Time(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var value))
        {
            return null;
        }
        long seconds;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out seconds) ||
            value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        return null;
    }
}
