using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace O365ServiceComms.Completion
{
    /// <summary>
    /// Completes -Status with the incident statuses Graph documents. -Status accepts others too: Graph adds statuses,
    /// and the server is the judge of what it knows.
    /// </summary>
    public sealed class IncidentStatusCompleter : IArgumentCompleter
    {
        internal static readonly string[] KnownStatuses =
        {
            "ServiceOperational", "Investigating", "RestoringService", "VerifyingService", "ServiceRestored",
            "PostIncidentReviewPublished", "ServiceDegradation", "ServiceInterruption", "ExtendedRecovery",
            "FalsePositive", "InvestigationSuspended", "Resolved", "MitigatedExternal", "Mitigated",
            "ResolvedExternal", "Confirmed", "Reported",
        };

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompletionConnection.Unquote(wordToComplete);
            return KnownStatuses
                .Where(status => status.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(status => new CompletionResult(status, status, CompletionResultType.ParameterValue, status))
                .ToList();
        }
    }
}
