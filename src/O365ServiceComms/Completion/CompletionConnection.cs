using System.Collections;
using O365ServiceComms.Session;

namespace O365ServiceComms.Completion
{
    /// <summary>The connection a command being completed will use: its -TenantId if typed already, else the latest.</summary>
    internal static class CompletionConnection
    {
        public static Connection Find(IDictionary fakeBoundParameters)
        {
            ConnectionStore store = ConnectionStore.ForCurrentRunspace();
            string tenantId = fakeBoundParameters != null && fakeBoundParameters.Contains("TenantId")
                ? fakeBoundParameters["TenantId"] as string
                : null;
            return string.IsNullOrEmpty(tenantId) ? store.Current : store.Find(tenantId);
        }

        /// <summary>The word typed so far, without the quotes the user may have opened.</summary>
        public static string Unquote(string wordToComplete) => (wordToComplete ?? string.Empty).Trim('\'', '"');
    }
}
