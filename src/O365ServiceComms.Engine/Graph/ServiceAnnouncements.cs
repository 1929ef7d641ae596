using System;
using System.Collections.Generic;
using System.Threading;
using O365ServiceComms.Session;

namespace O365ServiceComms.Graph
{
    /// <summary>A change of the signed-in user's view of Message Center posts; each is one Graph action under messages/.</summary>
    internal enum ViewPointChange
    {
        MarkRead,
        MarkUnread,
        Archive,
        Unarchive,
        Favorite,
        Unfavorite,
    }

    /// <summary>
    /// The service communications API of one connection, in the service's terms: the status overview, the two lists,
    /// one item, incident reports, attachments and viewpoints. Only here are URLs and filters made, the permission of
    /// each read named, and an HTTP status given its meaning for the operation (a 404 of an attachment is
    /// AttachmentNotFound, a 403 of a viewpoint change needs a delegated sign-in). Failures are GraphRequestException
    /// with a kind and the permission the read needs, or SignInException.
    /// </summary>
    internal sealed class ServiceAnnouncements
    {
        public const string HealthPermission = "ServiceHealth.Read.All";
        public const string MessagePermission = "ServiceMessage.Read.All";
        public const string ViewPointPermission = "ServiceMessageViewpoint.Write";

        private readonly Connection _connection;
        private readonly GraphClient _graph;

        /// <param name="graph">The connection's client, or a copy of it that logs elsewhere.</param>
        public ServiceAnnouncements(Connection connection, GraphClient graph = null)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _graph = graph ?? connection.Graph;
        }

        /// <summary>
        /// The API of the connection, its request lines going where the caller says (a cmdlet's verbose and debug
        /// streams, or a queue to them), and its warnings too.
        /// </summary>
        public ServiceAnnouncements(Connection connection, Action<string> log, Action<string> debugLog, Action<string> warning)
            : this(connection, connection.Graph.WithLog(log, debugLog, warning))
        {
        }

        public Connection Connection => _connection;

        /// <summary>
        /// Every service with its status (healthOverviews), with each service's issues expanded in the same request when
        /// asked; <paramref name="catalog"/> is the catalog of this read, also remembered by the connection.
        /// </summary>
        public List<GraphServiceHealth> ReadStatus(bool withIssues, CancellationToken cancellationToken, out ServiceCatalog catalog)
        {
            ServiceCatalog read = null;
            List<GraphServiceHealth> services = Read(HealthPermission, () => ServiceStatusReader.Read(_connection, _graph, withIssues, cancellationToken, out read));
            catalog = read;
            return services;
        }

        /// <summary>The tenant's service ids and display names, read once per connection.</summary>
        public ServiceCatalog ReadServiceCatalog(CancellationToken cancellationToken) =>
            Read(HealthPermission, () => ServiceStatusReader.Catalog(_connection, _graph, cancellationToken));

        /// <summary>The service health issues the query asks for, page by page (see GraphClient.GetCollection).</summary>
        public IEnumerable<GraphIssue> ListIssues(IssueQuery query, CancellationToken cancellationToken, Action<int> beforeNextPage = null) =>
            ReadList(HealthPermission, _graph.GetCollection<GraphIssue>(query.RelativeUri, cancellationToken, beforeNextPage));

        /// <summary>The Message Center posts the query asks for, page by page.</summary>
        public IEnumerable<GraphMessage> ListMessages(MessageQuery query, CancellationToken cancellationToken, Action<int> beforeNextPage = null) =>
            ReadList(MessagePermission, _graph.GetCollection<GraphMessage>(query.RelativeUri, cancellationToken, beforeNextPage));

        /// <summary>The Message Center posts changed since the time, to the whole second (the health page's lookback).</summary>
        public IEnumerable<GraphMessage> ListMessagesChangedSince(DateTime since, CancellationToken cancellationToken) =>
            ReadList(MessagePermission, _graph.GetCollection<GraphMessage>(TimeFilter.Apply("messages", TimeFilter.LastModifiedSince(since)), cancellationToken));

        /// <summary>The issue, or null when Graph has none of that id.</summary>
        public GraphIssue GetIssue(string id, CancellationToken cancellationToken) =>
            Read(HealthPermission, () => AnnouncementById.Issue(_graph, id, cancellationToken));

        /// <summary>The Message Center post, or null when Graph has none of that id.</summary>
        public GraphMessage GetMessage(string id, CancellationToken cancellationToken) =>
            Read(MessagePermission, () => AnnouncementById.Message(_graph, id, cancellationToken));

        /// <summary>
        /// The post-incident review of an issue. Graph answers 404 both for an unknown issue and for one without a
        /// published review: that is the kind NotFound, and <see cref="GetIssue"/> tells which.
        /// </summary>
        public GraphDownload DownloadIncidentReport(string issueId, CancellationToken cancellationToken) =>
            Download("issues/" + Escaped(issueId) + "/incidentReport", HealthPermission, ServiceCommsErrorKind.NotFound, cancellationToken);

        /// <summary>The attachments of a Message Center post; a post Graph does not know is the kind NotFound.</summary>
        public IEnumerable<GraphAttachment> ListAttachments(string messageId, CancellationToken cancellationToken) =>
            ReadList(MessagePermission, _graph.GetCollection<GraphAttachment>(AttachmentsOf(messageId), cancellationToken), notFound: ServiceCommsErrorKind.NotFound);

        /// <summary>All attachments of a post as the one zip archive Graph makes of them.</summary>
        public GraphDownload DownloadAttachmentsArchive(string messageId, CancellationToken cancellationToken) =>
            Download("messages/" + Escaped(messageId) + "/attachmentsArchive", MessagePermission, notFound: null, cancellationToken);

        /// <summary>One attachment's content; an attachment Graph does not know (any more) is the kind AttachmentNotFound.</summary>
        public GraphDownload DownloadAttachment(string messageId, string attachmentId, CancellationToken cancellationToken) =>
            Download(AttachmentsOf(messageId) + "/" + Escaped(attachmentId) + "/content", MessagePermission, ServiceCommsErrorKind.AttachmentNotFound, cancellationToken);

        /// <summary>
        /// Changes the signed-in user's view of the posts; true when Graph says it did. Graph refuses an app-only token
        /// with 403: that is the kind DelegatedSignInRequired.
        /// </summary>
        public bool SetViewPoint(ViewPointChange change, IReadOnlyList<string> messageIds, CancellationToken cancellationToken)
        {
            try
            {
                GraphActionResult result = _graph.PostJson<GraphActionResult>("messages/" + ActionName(change), new { messageIds }, cancellationToken);
                return result?.Value == true;
            }
            catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.PermissionMissing)
            {
                throw exception.As(ServiceCommsErrorKind.DelegatedSignInRequired, ViewPointPermission);
            }
            catch (GraphRequestException exception) when (exception.Needing(ViewPointPermission))
            {
                throw;
            }
        }

        /// <summary>The action's name under messages/: markRead, unarchive, favorite ...</summary>
        internal static string ActionName(ViewPointChange change)
        {
            string name = change.ToString();
            return char.ToLowerInvariant(name[0]) + name.Substring(1);
        }

        private GraphDownload Download(string relativeUri, string permission, ServiceCommsErrorKind? notFound, CancellationToken cancellationToken) =>
            Read(permission, () => _graph.Download(relativeUri, cancellationToken), notFound);

        // One request: its failure gets the permission the read needs, and a 404 the kind the operation gives it.
        private static T Read<T>(string permission, Func<T> read, ServiceCommsErrorKind? notFound = null)
        {
            try
            {
                return read();
            }
            catch (GraphRequestException exception) when (notFound != null && exception.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw exception.As(notFound.Value, permission);
            }
            catch (GraphRequestException exception) when (exception.Needing(permission))
            {
                throw;
            }
        }

        // A list read lazily: its failures come while it is enumerated, each page's request through Read.
        private static IEnumerable<T> ReadList<T>(string permission, IEnumerable<T> items, ServiceCommsErrorKind? notFound = null)
        {
            using (IEnumerator<T> enumerator = items.GetEnumerator())
            {
                Func<bool> moveNext = enumerator.MoveNext;
                while (Read(permission, moveNext, notFound))
                {
                    yield return enumerator.Current;
                }
            }
        }

        private static string AttachmentsOf(string messageId) => "messages/" + Escaped(messageId) + "/attachments";

        private static string Escaped(string id) => Uri.EscapeDataString(id);
    }
}
