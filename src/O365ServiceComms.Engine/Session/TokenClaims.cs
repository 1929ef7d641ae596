using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;

namespace O365ServiceComms.Session
{
    /// <summary>Reads what a token grants, for display only: the token is not validated here, Graph does that.</summary>
    internal static class TokenClaims
    {
        public static string[] RolesOrScopes(string accessToken)
        {
            try
            {
                string[] parts = accessToken?.Split('.');
                if (parts == null || parts.Length < 2)
                {
                    return Array.Empty<string>();
                }

                JObject payload = JObject.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1])));
                if (payload["roles"] is JArray roles)
                {
                    return roles.Select(role => (string)role).Where(role => !string.IsNullOrEmpty(role)).ToArray();
                }

                string scopes = (string)payload["scp"];
                return string.IsNullOrEmpty(scopes) ? Array.Empty<string>() : scopes.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception exception) when (exception is FormatException || exception is Newtonsoft.Json.JsonException || exception is ArgumentException)
            {
                // Opaque tokens (not JWTs) are valid too; they just do not say what they grant.
                return Array.Empty<string>();
            }
        }

        /// <summary>
        /// The claims the module shows or checks before use (tenant, app, audience, user, expiry); null when the token
        /// is not a readable JWT. Nothing here is trusted for security: Graph validates the token.
        /// </summary>
        public static TokenPayload Read(string accessToken)
        {
            try
            {
                string[] parts = accessToken?.Split('.');
                if (parts == null || parts.Length != 3)
                {
                    return null;
                }

                JObject payload = JObject.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1])));
                return new TokenPayload(
                    tenantId: StringClaim(payload, "tid"),
                    appId: StringClaim(payload, "appid") ?? StringClaim(payload, "azp"),
                    audience: StringClaim(payload, "aud"),
                    user: StringClaim(payload, "upn") ?? StringClaim(payload, "preferred_username") ?? StringClaim(payload, "unique_name"),
                    expiresOn: TimeClaim(payload, "exp"));
            }
            catch (Exception exception) when (exception is FormatException || exception is Newtonsoft.Json.JsonException || exception is ArgumentException)
            {
                return null;
            }
        }

        /// <summary>
        /// True for a delegated (user) token, which carries scp; false for an app-only token, which carries roles or
        /// idtyp app and no scp; null when the token says neither (an opaque token).
        /// </summary>
        public static bool? IsDelegated(string accessToken)
        {
            try
            {
                string[] parts = accessToken?.Split('.');
                if (parts == null || parts.Length < 2)
                {
                    return null;
                }

                JObject payload = JObject.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1])));
                if (payload["scp"] != null)
                {
                    return true;
                }

                bool appOnly = payload["roles"] != null || string.Equals((string)payload["idtyp"], "app", StringComparison.OrdinalIgnoreCase);
                return appOnly ? false : (bool?)null;
            }
            catch (Exception exception) when (exception is FormatException || exception is Newtonsoft.Json.JsonException || exception is ArgumentException)
            {
                return null;
            }
        }

        private static string StringClaim(JObject payload, string name) =>
            payload[name] is JValue value && value.Type == JTokenType.String && !string.IsNullOrEmpty((string)value) ? (string)value : null;

        // exp is a number of seconds since 1970; some issuers send it as a string.
        private static DateTimeOffset? TimeClaim(JObject payload, string name)
        {
            JToken claim = payload[name];
            string text = claim == null ? null
                : claim.Type == JTokenType.String ? (string)claim
                : claim.Type == JTokenType.Integer || claim.Type == JTokenType.Float ? ((double)claim).ToString("R", CultureInfo.InvariantCulture)
                : null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0 || seconds > 253402300799)
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        }

        private static byte[] FromBase64Url(string value)
        {
            string base64 = value.Replace('-', '+').Replace('_', '/');
            switch (base64.Length % 4)
            {
                case 2: base64 += "=="; break;
                case 3: base64 += "="; break;
            }

            return Convert.FromBase64String(base64);
        }
    }

    /// <summary>What a JWT access token says about itself; any claim may be missing.</summary>
    internal sealed class TokenPayload
    {
        public TokenPayload(string tenantId, string appId, string audience, string user, DateTimeOffset? expiresOn)
        {
            TenantId = tenantId;
            AppId = appId;
            Audience = audience;
            User = user;
            ExpiresOn = expiresOn;
        }

        /// <summary>The tid claim: the tenant's GUID.</summary>
        public string TenantId { get; }

        /// <summary>appid (v1.0 tokens) or azp (v2.0): the client the token was issued to.</summary>
        public string AppId { get; }

        public string Audience { get; }

        /// <summary>upn or preferred_username of a delegated token; null for app-only tokens.</summary>
        public string User { get; }

        public DateTimeOffset? ExpiresOn { get; }
    }
}
