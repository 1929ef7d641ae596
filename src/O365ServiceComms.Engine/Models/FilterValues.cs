using System;
using System.Collections.Generic;
using System.Linq;

namespace O365ServiceComms
{
    /// <summary>
    /// The values this version knows for the enum filters of Get-O365ServiceMessage, and the reading of what a user
    /// typed: Graph's spelling in any case (ServiceDegradation), or the words the health page shows
    /// ("Service degradation"). A value it does not know is kept as typed (Graph adds values) and reported as such.
    /// </summary>
    internal static class FilterValues
    {
        public static readonly string[] Statuses =
        {
            "ServiceOperational", "Investigating", "RestoringService", "VerifyingService", "ServiceRestored",
            "PostIncidentReviewPublished", "ServiceDegradation", "ServiceInterruption", "ExtendedRecovery",
            "FalsePositive", "InvestigationSuspended", "Resolved", "MitigatedExternal", "Mitigated",
            "ResolvedExternal", "Confirmed", "Reported",
        };

        public static readonly string[] Severities = { "Normal", "High", "Critical" };

        public static readonly string[] Classifications = { "Incident", "Advisory" };

        public static readonly string[] Categories = { "PreventOrFixIssue", "PlanForChange", "StayInformed" };

        /// <summary>
        /// The known value <paramref name="typed"/> names, in Graph's spelling; null when it names none (then send it as typed).
        /// Spaces, hyphens and case do not matter, so the health page's words name the value too.
        /// </summary>
        public static string Known(string typed, IEnumerable<string> known)
        {
            string squeezed = new string((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-' && c != '_').ToArray());
            return known.FirstOrDefault(value => string.Equals(value, squeezed, StringComparison.OrdinalIgnoreCase));
        }
    }
}
