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
    public sealed class ExportO365ServiceHealthReportCommand : ServiceCommsCmdlet
    {
        private const string HealthPermission = "ServiceHealth.Read.All";
        private const string MessagePermission = "ServiceMessage.Read.All";

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

        /// <summary>The tenant to report on; by default the latest connection.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string TenantId { get; set; }

        protected override void EndCommand()
        {
            Connection connection = ResolveConnection(TenantId);
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, "Write the service health report of tenant " + connection.TenantId))
            {
                return;
            }

            DateTime now = DateTime.UtcNow;
            var report = new HealthReport
            {
                Title = Title,
                TenantId = connection.TenantId,
                GeneratedAtUtc = now,
                Days = Days,
                Services = ReadStatus(connection, now),
            };
            report.Posts = ReadRecentPosts(connection, now.AddDays(-Days), out string problem);
            report.MessageCenterProblem = problem;

            byte[] page = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(HealthReportPage.Render(report));
            try
            {
                AtomicFile.WriteAllBytes(path, page);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException(string.Format(Strings.FileWriteFailed, path, exception.Message), exception),
                    ErrorIds.FileWriteFailed, ErrorCategory.WriteError, path));
            }

            WriteVerbose(string.Format(
                "Wrote {0}: {1} services, {2} active incidents, {3} Message Center posts.",
                path, report.Services.Count, report.Services.Sum(service => service.ActiveIncidents.Length), report.Posts.Count));
            // Through the provider, as Get-Item would return it (PSPath, and the columns of the file table view).
            WriteObject(InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true), enumerateCollection: true);
        }

        // The same request as Get-O365ServiceStatus: the status of every service with its issues expanded, which
        // holds the active incidents and their posts, so they cost no further request. Without it there is no page.
        private IReadOnlyList<ServiceStatus> ReadStatus(Connection connection, DateTime now)
        {
            List<GraphServiceHealth> services = null;
            ServiceCatalog catalog = null;
            try
            {
                services = ServiceStatusReader.Read(connection, Graph, withIssues: true, CancellationToken, out catalog);
            }
            catch (GraphRequestException exception)
            {
                ThrowTerminatingError(GraphErrorRecord(exception, HealthPermission, connection.TenantId));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, connection.TenantId));
            }

            var mapper = new ModelMapper(connection.TenantId, catalog);
            return services.Select(service => mapper.ToStatus(service, now.ToLocalTime())).ToList();
        }

        // Without the Message Center the page is still worth having: it says why the posts are missing, and the
        // error goes to the error stream.
        private IReadOnlyList<MessageCenterPost> ReadRecentPosts(Connection connection, DateTime since, out string problem)
        {
            problem = null;
            var mapper = new ModelMapper(connection.TenantId, connection.GetServiceCatalog(() => ServiceCatalog.Empty));
            try
            {
                return Graph
                    .GetCollection<GraphMessage>(TimeFilter.Apply("messages", TimeFilter.LastModifiedSince(since)), CancellationToken)
                    .Select(mapper.ToMessageCenterPost)
                    .ToList();
            }
            catch (GraphRequestException exception)
            {
                ErrorRecord record = GraphErrorRecord(exception, MessagePermission, connection.TenantId);
                WriteError(record);
                problem = record.Exception.Message;
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, connection.TenantId));
            }

            return Array.Empty<MessageCenterPost>();
        }
    }
}
