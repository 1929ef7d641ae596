using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace O365ServiceComms.Completion
{
    /// <summary>
    /// Completes an enum filter with the values Graph documents. The parameter accepts others too: Graph adds values,
    /// and the server is the judge of what it knows.
    /// </summary>
    public abstract class KnownValueCompleter : IArgumentCompleter
    {
        private readonly string[] _known;

        protected KnownValueCompleter(string[] known)
        {
            _known = known;
        }

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompletionConnection.Unquote(wordToComplete);
            return _known
                .Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value))
                .ToList();
        }
    }

    /// <summary>Completes -Status with the incident statuses Graph documents.</summary>
    public sealed class IncidentStatusCompleter : KnownValueCompleter
    {
        public IncidentStatusCompleter()
            : base(FilterValues.Statuses)
        {
        }
    }

    /// <summary>Completes -Severity with Message Center's severities.</summary>
    public sealed class SeverityCompleter : KnownValueCompleter
    {
        public SeverityCompleter()
            : base(FilterValues.Severities)
        {
        }
    }

    /// <summary>Completes -Classification with Incident and Advisory.</summary>
    public sealed class ClassificationCompleter : KnownValueCompleter
    {
        public ClassificationCompleter()
            : base(FilterValues.Classifications)
        {
        }
    }

    /// <summary>Completes -Category with Message Center's categories.</summary>
    public sealed class CategoryCompleter : KnownValueCompleter
    {
        public CategoryCompleter()
            : base(FilterValues.Categories)
        {
        }
    }
}
