using O365ServiceComms.Session;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace O365ServiceComms.Graph
{
    /// <summary>Reads the tenant's service ids and display names (healthOverviews) once per connection.</summary>
    internal static class ServiceCatalogReader
    {
        public static ServiceCatalog Read(Connection connection, GraphClient graph, CancellationToken cancellationToken) =>
            connection.GetServiceCatalog(() => new ServiceCatalog(
                graph.GetCollection<GraphServiceHealth>("healthOverviews", cancellationToken)
                    .Select(service => new KeyValuePair<string, string>(service.Id, service.Service))
                    .ToList()));
    }
}
