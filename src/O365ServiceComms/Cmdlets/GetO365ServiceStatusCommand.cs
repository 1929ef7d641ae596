using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// The current status of every service in the tenant, with the ids of its active incidents; for several tenants,
    /// read side by side, each row carrying its TenantId.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceStatus", HelpUri = HelpLinks.Docs + "Get-O365ServiceStatus.md")]
    [OutputType(typeof(ServiceStatus))]
    public sealed class GetO365ServiceStatusCommand : MultiTenantCommandBase
    {
        /// <summary>Service ids (Exchange) or display names (Exchange Online); wildcards allowed.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [Alias("Workload")]
        [ArgumentCompleter(typeof(ServiceIdCompleter))]
        public string[] Service { get; set; }

        protected override void EndCommand()
        {
            if (Service != null)
            {
                Service = Service.Where(IsValidPattern).ToArray();
                if (Service.Length == 0)
                {
                    return;
                }
            }

            ForEachTenant(WriteStatus);
        }

        /// <summary>One tenant's status rows; on the pipeline thread for one tenant, on a worker for several.</summary>
        private void WriteStatus(TenantOutput output)
        {
            Connection connection = output.Connection;
            List<GraphServiceHealth> services;
            ServiceCatalog catalog;
            try
            {
                services = output.Announcements.ReadStatus(withIssues: true, output.CancellationToken, out catalog);
            }
            catch (GraphRequestException exception)
            {
                output.Fail(GraphErrorRecord(connection, exception, connection.TenantId));
                return;
            }
            catch (SignInException exception)
            {
                output.Fail(SignInErrorRecord(exception, connection.TenantId));
                return;
            }

            DateTime readAt = DateTime.Now;
            var mapper = new ModelMapper(connection.TenantId, catalog);

            IEnumerable<GraphServiceHealth> selected = services;
            if (Service != null)
            {
                selected = Select(services, connection.TenantId, output);
            }

            foreach (GraphServiceHealth service in selected)
            {
                ServiceStatus status = mapper.ToStatus(service, readAt);
                foreach (ServiceIncident incident in status.ActiveIncidents)
                {
                    // The IncidentIds shown are ids the user may want to complete next.
                    connection.RecentIds.Add(incident.Id, incident.MessageType, incident.Title);
                }

                output.WriteObject(status);
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
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.InvalidServiceName, Strings.Quote(name), exception.Message), name, exception));
                return false;
            }
        }

        private IEnumerable<GraphServiceHealth> Select(List<GraphServiceHealth> services, string tenantId, TenantOutput output)
        {
            var patterns = Service.Select(name => new WildcardPattern(name, WildcardOptions.IgnoreCase)).ToArray();
            foreach (string name in Service.Where(name => !WildcardPattern.ContainsWildcardCharacters(name)))
            {
                bool known = services.Any(service =>
                    string.Equals(service.Id, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(service.Service, name, StringComparison.OrdinalIgnoreCase));
                if (!known)
                {
                    output.WriteError(ErrorKinds.Record(ServiceCommsErrorKind.ServiceNotFound, string.Format(Strings.ServiceNotFound, Strings.Quote(name), tenantId, string.Join(", ", services.Select(service => service.Id))), name));
                }
            }

            return services.Where(service => patterns.Any(pattern => pattern.IsMatch(service.Id ?? string.Empty) || pattern.IsMatch(service.Service ?? string.Empty)));
        }
    }
}
