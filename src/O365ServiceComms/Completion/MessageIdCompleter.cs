using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using O365ServiceComms.Session;
using O365ServiceComms.Text;

namespace O365ServiceComms.Completion
{
    /// <summary>
    /// Completes -Id with the ids the connection's cmdlets wrote last (of each connection -TenantId names), newest
    /// first, the title as tooltip.
    /// Sends no request: ids appear once Get-O365ServiceMessage or Get-O365ServiceStatus has shown them.
    /// </summary>
    public class MessageIdCompleter : IArgumentCompleter
    {
        private const int MaxResults = 100;

        private readonly string _messageType;

        public MessageIdCompleter()
            : this(null)
        {
        }

        protected MessageIdCompleter(string messageType)
        {
            _messageType = messageType;
        }

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // Several tenants (-TenantId a,b or a wildcard): the ids of each, newest first per tenant, each id once.
            string typed = CompletionConnection.Unquote(wordToComplete);
            return CompletionConnection.FindAll(fakeBoundParameters)
                .SelectMany(connection => connection.RecentIds.Find(typed, _messageType))
                .GroupBy(entry => entry.Id, StringComparer.OrdinalIgnoreCase)
                .Select(group => group.First())
                // An id -Id would refuse (control characters from a hostile server, say) is not offered.
                .Where(entry => MessageIds.IsWellFormed(entry.Id))
                .Take(MaxResults)
                .Select(entry => new CompletionResult(entry.Id, entry.Id, CompletionResultType.ParameterValue, DisplayText.ForPeople(ToolTip(entry))))
                .ToList();
        }

        private static string ToolTip(RecentId entry) =>
            string.IsNullOrEmpty(entry.Title) ? entry.Id : entry.Id + ": " + entry.Title;
    }

    /// <summary>Completes -Id with service health issue ids only.</summary>
    public sealed class IncidentIdCompleter : MessageIdCompleter
    {
        public IncidentIdCompleter()
            : base("Incident")
        {
        }
    }

    /// <summary>Completes -Id with Message Center post ids only.</summary>
    public sealed class MessageCenterIdCompleter : MessageIdCompleter
    {
        public MessageCenterIdCompleter()
            : base("MessageCenter")
        {
        }
    }

    /// <summary>
    /// Completes the -Id of the Save cmdlets (declared once, by their base) with the ids each can save from: issues for
    /// incident reports, Message Center posts for attachments.
    /// </summary>
    public sealed class SaveIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IArgumentCompleter completer = commandName != null && commandName.IndexOf("IncidentReport", StringComparison.OrdinalIgnoreCase) >= 0
                ? new IncidentIdCompleter()
                : (IArgumentCompleter)new MessageCenterIdCompleter();
            return completer.CompleteArgument(commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters);
        }
    }
}
