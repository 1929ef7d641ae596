using System;
using System.Net;
using System.Threading;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// One issue or Message Center post by id, refusing an answer that carries another id: a proxy or a broken cache
    /// handing over the wrong item must not be shown, saved or acted on as the one asked for.
    /// </summary>
    internal static class AnnouncementById
    {
        /// <summary>The issue; null when Graph answers 404.</summary>
        public static GraphIssue Issue(GraphClient graph, string id, CancellationToken cancellationToken) =>
            Checked<GraphIssue>(graph, "issues/" + Uri.EscapeDataString(id), id, cancellationToken);

        /// <summary>The Message Center post; null when Graph answers 404.</summary>
        public static GraphMessage Message(GraphClient graph, string id, CancellationToken cancellationToken) =>
            Checked<GraphMessage>(graph, "messages/" + Uri.EscapeDataString(id), id, cancellationToken);

        private static T Checked<T>(GraphClient graph, string relativeUri, string id, CancellationToken cancellationToken)
            where T : GraphAnnouncement
        {
            T item = graph.GetItemOrDefault<T>(relativeUri, cancellationToken);
            // An answer without an id is not another item: it is returned as it came.
            if (item?.Id != null && !string.Equals(item.Id, id, StringComparison.OrdinalIgnoreCase))
            {
                var uri = new Uri(graph.ApiRoot, relativeUri);
                throw new GraphRequestException(
                    string.Format(Strings.ItemIdMismatch, id, item.Id, uri.AbsoluteUri),
                    HttpStatusCode.OK, ServiceCommsErrorKind.ItemIdMismatch, graphErrorCode: null, requestId: null, uri);
            }

            return item;
        }
    }
}
