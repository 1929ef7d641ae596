using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Cmdlets;
using O365ServiceComms.Session;

namespace O365ServiceComms.Completion
{
    /// <summary>The connections a command being completed will use: its -TenantId if typed already, else the latest.</summary>
    internal static class CompletionConnection
    {
        /// <summary>
        /// The connections a command being completed will read: those its -TenantId names (several names, wildcards,
        /// '*') if typed already, else the latest.
        /// </summary>
        public static IReadOnlyList<Connection> FindAll(IDictionary fakeBoundParameters)
        {
            ConnectionStore store = ServiceCommsCmdlet.SessionConnections;
            string[] names = TenantNames(fakeBoundParameters);
            if (names.Length == 0)
            {
                Connection current = store.Current;
                return current == null ? new Connection[0] : new[] { current };
            }

            var found = new List<Connection>();
            foreach (string name in names)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name))
                {
                    found.Add(store.Find(name));
                    continue;
                }

                try
                {
                    found.AddRange(store.Match(new WildcardPattern(name, WildcardOptions.IgnoreCase).IsMatch));
                }
                catch (WildcardPatternException)
                {
                    // A pattern still being typed ("tenant[1"): it names no connection yet.
                }
            }

            return found.Where(connection => connection != null).Distinct().ToList();
        }

        /// <summary>The word typed so far, without the quotes the user may have opened.</summary>
        public static string Unquote(string wordToComplete) => (wordToComplete ?? string.Empty).Trim('\'', '"');

        // -TenantId as typed: one name, or several (an array).
        private static string[] TenantNames(IDictionary fakeBoundParameters)
        {
            object value = fakeBoundParameters != null && fakeBoundParameters.Contains("TenantId") ? Unwrap(fakeBoundParameters["TenantId"]) : null;
            IEnumerable<object> values = value is string || !(value is IEnumerable many) ? new[] { value } : many.Cast<object>().Select(Unwrap);
            return values.OfType<string>().Where(name => name.Length > 0).ToArray();
        }

        private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
