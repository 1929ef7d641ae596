using System.Collections.Generic;
using System.Linq;
using System.Threading;
using O365ServiceComms.Session;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// The one read of the tenant's service status (healthOverviews): it serves Get-O365ServiceStatus, the health report
    /// page and the service catalog behind -Service checks and completion. Every read remembers the catalog.
    /// </summary>
    internal static class ServiceStatusReader
    {
        /// <summary>
        /// Every service with its status; <paramref name="withIssues"/> expands each service's issues in the same request.
        /// <paramref name="catalog"/> is the catalog of this read, also remembered by the connection.
        /// </summary>
        public static List<GraphServiceHealth> Read(
            Connection connection, GraphClient graph, bool withIssues, CancellationToken cancellationToken, out ServiceCatalog catalog)
        {
            List<GraphServiceHealth> services = graph.GetCollection<GraphServiceHealth>(
                withIssues ? "healthOverviews?$expand=issues" : "healthOverviews", cancellationToken).ToList();
            catalog = CatalogOf(services);
            connection.RememberServiceCatalog(catalog);
            return services;
        }

        /// <summary>The tenant's service ids and display names, read once per connection (without issues).</summary>
        public static ServiceCatalog Catalog(Connection connection, GraphClient graph, CancellationToken cancellationToken) =>
            connection.GetServiceCatalog(() => CatalogOf(
                graph.GetCollection<GraphServiceHealth>("healthOverviews", cancellationToken).ToList()), cancellationToken);

        private static ServiceCatalog CatalogOf(IEnumerable<GraphServiceHealth> services) =>
            new ServiceCatalog(services.Select(service => new KeyValuePair<string, string>(service.Id, service.Service)));
    }
}
