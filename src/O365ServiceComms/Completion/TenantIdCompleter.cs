using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using O365ServiceComms.Cmdlets;
using O365ServiceComms.Session;

namespace O365ServiceComms.Completion
{
    /// <summary>
    /// Completes -TenantId with the tenants this session is connected to, as they were named to Connect (then their
    /// tenant ids), the default connection first; the tooltip says how each is signed in. Sends no request.
    /// </summary>
    public sealed class TenantIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompletionConnection.Unquote(wordToComplete);
            IReadOnlyList<Connection> connections = ServiceCommsCmdlet.SessionConnections.All;
            return connections.Reverse()
                .SelectMany(connection => Names(connection).Select(name => new { Name = name, Connection = connection }))
                .Where(candidate => candidate.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .GroupBy(candidate => candidate.Name, StringComparer.OrdinalIgnoreCase)
                .Select(group => group.First())
                .Select(candidate => new CompletionResult(candidate.Name, candidate.Name, CompletionResultType.ParameterValue, ToolTip(candidate.Connection)))
                .ToList();
        }

        private static IEnumerable<string> Names(Connection connection)
        {
            yield return connection.TenantId;
            string guid = connection.Info.TenantGuid?.ToString();
            if (guid != null && !string.Equals(guid, connection.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                yield return guid;
            }
        }

        private static string ToolTip(Connection connection)
        {
            ServiceCommsConnection info = connection.Info;
            string who = string.IsNullOrEmpty(info.Account) ? "app " + info.ClientId : info.Account;
            return string.Format("{0} ({1}, {2}{3})", info.TenantId, info.AuthType, who, info.IsDefault ? ", default" : string.Empty);
        }
    }
}
