using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>The current status of every service in the tenant, with the ids of its active incidents.</summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceStatus")]
    [OutputType(typeof(ServiceStatus))]
    public sealed class GetO365ServiceStatusCommand : ServiceCommsCmdlet
    {
        /// <summary>Service ids (Exchange) or display names (Exchange Online); wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [Alias("Workload")]
        [ArgumentCompleter(typeof(ServiceIdCompleter))]
        public string[] Service { get; set; }

        /// <summary>The tenant to query; by default the latest connection.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; }

        protected override void EndProcessing()
        {
            Connection connection = ResolveConnection(TenantId);
            if (Service != null)
            {
                Service = Service.Where(IsValidPattern).ToArray();
                if (Service.Length == 0)
                {
                    return;
                }
            }

            List<GraphServiceHealth> services;
            try
            {
                services = Graph.GetCollection<GraphServiceHealth>("healthOverviews?$expand=issues", CancellationToken).ToList();
            }
            catch (GraphRequestException exception)
            {
                ThrowTerminatingError(GraphErrorRecord(exception, "ServiceHealth.Read.All", connection.TenantId));
                return;
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, connection.TenantId));
                return;
            }

            DateTime readAt = DateTime.Now;
            var catalog = new ServiceCatalog(services.Select(service => new KeyValuePair<string, string>(service.Id, service.Service)));
            connection.RememberServiceCatalog(catalog);
            var mapper = new ModelMapper(connection.TenantId, catalog);

            IEnumerable<GraphServiceHealth> selected = services;
            if (Service != null)
            {
                selected = Select(services, connection.TenantId);
            }

            foreach (GraphServiceHealth service in selected)
            {
                ServiceStatus status = mapper.ToStatus(service, readAt);
                foreach (ServiceIncident incident in status.ActiveIncidents)
                {
                    // The IncidentIds shown are ids the user may want to complete next.
                    connection.RecentIds.Add(incident.Id, incident.MessageType, incident.Title);
                }

                WriteObject(status);
            }
        }

        // A malformed wildcard such as "[abc" is reported before any request, like other bad input.
        private bool IsValidPattern(string name)
        {
            try
            {
                new WildcardPattern(name, WildcardOptions.IgnoreCase).IsMatch(string.Empty);
                return true;
            }
            catch (WildcardPatternException exception)
            {
                WriteError(new ErrorRecord(
                    new ArgumentException(string.Format(Strings.InvalidServiceName, Strings.Quote(name), exception.Message), exception),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, name));
                return false;
            }
        }

        private IEnumerable<GraphServiceHealth> Select(List<GraphServiceHealth> services, string tenantId)
        {
            var patterns = Service.Select(name => new WildcardPattern(name, WildcardOptions.IgnoreCase)).ToArray();
            foreach (string name in Service.Where(name => !WildcardPattern.ContainsWildcardCharacters(name)))
            {
                bool known = services.Any(service =>
                    string.Equals(service.Id, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(service.Service, name, StringComparison.OrdinalIgnoreCase));
                if (!known)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException(string.Format(Strings.ServiceNotFound, Strings.Quote(name), tenantId, string.Join(", ", services.Select(service => service.Id)))),
                        ErrorIds.ServiceNotFound, ErrorCategory.ObjectNotFound, name));
                }
            }

            return services.Where(service => patterns.Any(pattern => pattern.IsMatch(service.Id ?? string.Empty) || pattern.IsMatch(service.Service ?? string.Empty)));
        }
    }
}
