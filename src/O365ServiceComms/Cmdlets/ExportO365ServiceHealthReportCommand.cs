using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.IO;
using O365ServiceComms.Publishing;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Writes a self-contained HTML page with the status of every service, the active incidents with their latest
    /// update, and the Message Center posts of the last days with their action-required dates.
    /// </summary>
    [Cmdlet(VerbsData.Export, "O365ServiceHealthReport", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-O365ServiceHealthReport.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportO365ServiceHealthReportCommand : TenantCommandBase
    {
        /// <summary>The HTML file to write; it is replaced whole, so a web server never serves half a page.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Message Center posts updated within this many days are listed.</summary>
        [Parameter]
        [ValidateRange(1, 3650)]
        public int Days { get; set; } = 30;

        /// <summary>The page's heading; by default "Microsoft 365 service health".</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; }

        protected override void EndCommand()
        {
            Connection connection = Connection;
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, "Write the service health report of tenant " + connection.TenantId))
            {
                return;
            }

            DateTime now = DateTime.UtcNow;
            PageReads reads = ReadSideBySide(connection, now.AddDays(-Days));
            var report = new HealthReport
            {
                Title = Title,
                TenantId = connection.TenantId,
                GeneratedAtUtc = now,
                Days = Days,
                Services = ToStatus(connection, reads, now),
            };
            report.Posts = ToRecentPosts(connection, reads, out string problem);
            report.MessageCenterProblem = problem;

            byte[] page = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(HealthReportPage.Render(report));
            try
            {
                AtomicFile.WriteAllBytes(path, page);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorKinds.FileWriteFailed(path, exception));
            }

            WriteVerbose(string.Format(
                "Wrote {0}: {1} services, {2} active incidents, {3} Message Center posts.",
                path, report.Services.Count, report.Services.Sum(service => service.ActiveIncidents.Length), report.Posts.Count));
            // Through the provider, as Get-Item would return it (PSPath, and the columns of the file table view).
            WriteObject(InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true), enumerateCollection: true);
        }

        // The page's two reads, side by side (SideBySideLists): the status of every service with its issues expanded (the
        // same request as Get-O365ServiceStatus, which holds the active incidents and their posts, so they cost no
        // further request) and the Message Center posts of the last days. Their verbose lines come as if read one
        // after the other, from this thread.
        private PageReads ReadSideBySide(Connection connection, DateTime since)
        {
            var reads = new PageReads();
            try
            {
                foreach (TenantRecord record in SideBySideLists.Read<TenantRecord>(
                    sink => reads.Services = Read(connection, sink, service => service.ReadStatus(withIssues: true, sink.CancellationToken, out reads.Catalog), out reads.StatusFailure),
                    sink => reads.Messages = Read(connection, sink, service => service.ListMessagesChangedSince(since, sink.CancellationToken), out reads.MessagesFailure),
                    CancellationToken))
                {
                    Deliver(record);
                }
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, connection.TenantId));
            }

            return reads;
        }

        // One read on a background task: a client of its own whose lines go to the sink; its failure is kept.
        private static List<T> Read<T>(Connection connection, ListSink<TenantRecord> sink, Func<ServiceAnnouncements, IEnumerable<T>> read, out GraphRequestException failure)
        {
            failure = null;
            var service = new ServiceAnnouncements(
                connection,
                line => sink.Add(new TenantRecord(TenantRecordKind.Verbose, line)),
                line => sink.Add(new TenantRecord(TenantRecordKind.Debug, line)),
                line => sink.Add(new TenantRecord(TenantRecordKind.Warning, line)));
            try
            {
                return read(service).ToList();
            }
            catch (GraphRequestException exception)
            {
                failure = exception;
                return null;
            }
        }

        // Without the status there is no page.
        private IReadOnlyList<ServiceStatus> ToStatus(Connection connection, PageReads reads, DateTime now)
        {
            if (reads.StatusFailure != null)
            {
                ThrowTerminatingError(GraphErrorRecord(reads.StatusFailure, connection.TenantId));
            }

            var mapper = new ModelMapper(connection.TenantId, reads.Catalog);
            return reads.Services.Select(service => mapper.ToStatus(service, now.ToLocalTime())).ToList();
        }

        // Without the Message Center the page is still worth having: it says why the posts are missing, and the
        // error goes to the error stream.
        private IReadOnlyList<MessageCenterPost> ToRecentPosts(Connection connection, PageReads reads, out string problem)
        {
            problem = null;
            if (reads.MessagesFailure != null)
            {
                ErrorRecord record = GraphErrorRecord(reads.MessagesFailure, connection.TenantId);
                WriteError(record);
                problem = record.Exception.Message;
                return Array.Empty<MessageCenterPost>();
            }

            var mapper = new ModelMapper(connection.TenantId, reads.Catalog);
            return reads.Messages.Select(mapper.ToMessageCenterPost).ToList();
        }

        /// <summary>What the two reads brought: each list, or why it is missing.</summary>
        private sealed class PageReads
        {
            public List<GraphServiceHealth> Services;
            public ServiceCatalog Catalog;
            public GraphRequestException StatusFailure;
            public List<GraphMessage> Messages;
            public GraphRequestException MessagesFailure;
        }
    }
}
