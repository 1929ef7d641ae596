using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace O365ServiceComms.Emulator;

/// <summary>
/// Control API for the sign-in flows (under /_emulator, not logged): register an app's certificate, read the managed
/// identity endpoint and its header, play the user's side of a device code sign-in, revoke refresh tokens.
/// </summary>
internal static class SignInControlEndpoints
{
    public static void MapSignInControlEndpoints(this IEndpointRouteBuilder routes)
    {
        var control = routes.MapGroup("/_emulator");

        control.MapPost("/apps/{clientId}/certificates", RegisterCertificateAsync);

        control.MapGet("/managedidentity", (HttpContext context, ManagedIdentityHost host, ServerAddress server) => Results.Json(new
        {
            endpoint = server.For(context) + ManagedIdentityEndpoint.Path,
            header = host.Header,
            systemAssignedClientId = host.SystemAssignedClientId,
            userAssignedClientIds = host.UserAssignedClientIds,
        }, Json.Options));

        control.MapGet("/devicecode", (UserSignIns signIns) => Results.Json(
            signIns.PendingDeviceCodes().Select(d => new { userCode = d.UserCode, clientId = d.App.ClientId, tenantId = d.Tenant.Id, scope = d.Scope, polls = d.Polls }),
            Json.Options));
        control.MapPost("/devicecode/approve", (HttpContext context, UserSignIns signIns) => UpdateDeviceCodeAsync(context, signIns, "approved"));
        control.MapPost("/devicecode/decline", (HttpContext context, UserSignIns signIns) => UpdateDeviceCodeAsync(context, signIns, "declined"));
        control.MapPost("/devicecode/expire", (HttpContext context, UserSignIns signIns) => UpdateDeviceCodeAsync(context, signIns, "expired"));

        control.MapPost("/refreshtokens/revoke", (UserSignIns signIns) => Results.Json(new { revoked = signIns.RevokeRefreshTokens() }, Json.Options));
    }

    /// <summary>Body {"certificate": "PEM or base64 DER"}: the public certificate, as uploaded to an app registration.</summary>
    private static async Task<IResult> RegisterCertificateAsync(string clientId, HttpContext context, TenantDirectory directory)
    {
        var found = directory.FindAppAnywhere(clientId);
        if (found is null)
        {
            return BadRequest($"No app with client id '{clientId}'.", 404);
        }

        X509Certificate2 certificate;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var text = body.RootElement.GetProperty("certificate").GetString() ?? "";
            certificate = text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or CryptographicException)
        {
            return BadRequest($"Body must be {{\"certificate\": \"<PEM or base64 DER>\"}}: {e.Message}");
        }

        found.Value.App.Certificates.Add(certificate);
        return Results.Json(new
        {
            clientId = found.Value.App.ClientId,
            thumbprint = certificate.Thumbprint,
            notBefore = certificate.NotBefore.ToUniversalTime(),
            notAfter = certificate.NotAfter.ToUniversalTime(),
            certificates = found.Value.App.Certificates.Count,
        }, Json.Options);
    }

    /// <summary>Body {"userCode": "...", "user": "upn"}: the user's answer on the verification page (user only for approve).</summary>
    private static async Task<IResult> UpdateDeviceCodeAsync(HttpContext context, UserSignIns signIns, string outcome)
    {
        string? userCode, user;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            userCode = body.RootElement.TryGetProperty("userCode", out var code) ? code.GetString() : null;
            user = body.RootElement.TryGetProperty("user", out var u) ? u.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return BadRequest($"Body must be {{\"userCode\": \"...\"}}: {e.Message}");
        }

        var authorization = userCode is null ? null : signIns.FindUserCode(userCode);
        if (authorization is null)
        {
            return BadRequest($"No device code with user code '{userCode}'.", 404);
        }

        lock (authorization)
        {
            if (authorization.State != "pending")
            {
                return BadRequest($"The device code '{userCode}' is {authorization.State}, not pending.", 409);
            }
            switch (outcome)
            {
                case "approved":
                    var signedIn = authorization.Tenant.FindUser(user);
                    if (signedIn is null)
                    {
                        return BadRequest($"No user '{user}' in tenant {authorization.Tenant.Id}.", 404);
                    }
                    authorization.User = signedIn;
                    authorization.State = "approved";
                    break;
                case "declined":
                    authorization.State = "declined";
                    break;
                default:
                    authorization.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
                    break;
            }
        }
        return Results.Json(new { userCode = authorization.UserCode, state = outcome }, Json.Options);
    }

    private static IResult BadRequest(string message, int status = 400) =>
        Results.Json(new { error = message }, Json.Options, statusCode: status);
}
