using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using O365ServiceComms.Text;

namespace O365ServiceComms.Completion
{
    /// <summary>
    /// Completes -Service with the tenant's service ids (Exchange, SharePoint...), matching ids and display names.
    /// Uses the connection's service list; reads it once (at most a few seconds) if no cmdlet has yet. Without a
    /// connection it offers nothing.
    /// </summary>
    public sealed class ServiceIdCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan s_readLimit = TimeSpan.FromSeconds(5);

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IReadOnlyList<Connection> connections = CompletionConnection.FindAll(fakeBoundParameters);

            // Several tenants: the lists already read (reading many tenants' lists would hold up the console), or the
            // first tenant's when none has been read yet.
            var catalogs = connections.Select(connection => connection.CachedServiceCatalog).Where(catalog => catalog != null).ToList();
            if (catalogs.Count == 0 && connections.Count > 0)
            {
                catalogs.Add(TryRead(connections[0]));
            }

            string typed = CompletionConnection.Unquote(wordToComplete);
            return catalogs
                .Where(catalog => catalog != null)
                .SelectMany(catalog => catalog.Ids
                    .Where(id => id.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
                        || (catalog.NameOf(id) ?? string.Empty).StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    .Select(id => new { Id = id, Name = catalog.NameOf(id) ?? id }))
                .GroupBy(service => service.Id, StringComparer.OrdinalIgnoreCase)
                .Select(group => group.First())
                .OrderBy(service => service.Id, StringComparer.OrdinalIgnoreCase)
                .Select(service => new CompletionResult(service.Id, DisplayText.ForPeople(service.Id), CompletionResultType.ParameterValue, DisplayText.ForPeople(service.Name)))
                .ToList();
        }

        private static ServiceCatalog TryRead(Connection connection)
        {
            using (var limit = new CancellationTokenSource(s_readLimit))
            {
                try
                {
                    // No command is running to take verbose output from this read: the connection's own client logs nothing.
                    return new ServiceAnnouncements(connection).ReadServiceCatalog(limit.Token);
                }
                catch (Exception exception) when (exception is GraphRequestException || exception is SignInException || exception is OperationCanceledException)
                {
                    return null;
                }
            }
        }
    }
}
