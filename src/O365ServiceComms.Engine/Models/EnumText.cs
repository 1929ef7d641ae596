using System;
using System.Collections.Generic;

namespace O365ServiceComms
{
    /// <summary>
    /// Graph's enum values in the spelling the old API and the reference use (ServiceOperational, not serviceOperational).
    /// Parsing is case-insensitive; a value this version does not know comes through as the service sent it.
    /// </summary>
    internal static class EnumText
    {
        private static readonly Dictionary<string, string> s_canonical = Build(
            // serviceHealthStatus
            "ServiceOperational", "Investigating", "RestoringService", "VerifyingService", "ServiceRestored",
            "PostIncidentReviewPublished", "ServiceDegradation", "ServiceInterruption", "ExtendedRecovery",
            "FalsePositive", "InvestigationSuspended", "Resolved", "MitigatedExternal", "Mitigated",
            "ResolvedExternal", "Confirmed", "Reported",
            // serviceHealthClassificationType, serviceHealthOrigin
            "Advisory", "Incident", "Microsoft", "ThirdParty", "Customer",
            // postType, bodyType
            "Regular", "Quick", "Strategic", "Html", "Text",
            // serviceUpdateCategory, serviceUpdateSeverity
            "PreventOrFixIssue", "PlanForChange", "StayInformed", "Normal", "High", "Critical",
            "UnknownFutureValue");

        public static string Canonical(string value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return value;
            }

            return s_canonical.TryGetValue(value, out string canonical) ? canonical : value;
        }

        private static Dictionary<string, string> Build(params string[] names)
        {
            var map = new Dictionary<string, string>(names.Length, StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
            {
                map[name] = name;
            }

            return map;
        }
    }
}
