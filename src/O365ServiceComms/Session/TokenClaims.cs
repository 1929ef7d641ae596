using System;
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
}
