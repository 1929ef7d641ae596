using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>Saves the post-incident review (PIR) document of service health issues, as Graph's incidentReport gives it.</summary>
    [Cmdlet(VerbsData.Save, "O365ServiceIncidentReport", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Save-O365ServiceIncidentReport.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveO365ServiceIncidentReportCommand : SaveServiceFileCommandBase
    {
        private const string HealthPermission = "ServiceHealth.Read.All";
        private const string PublishedStatus = "PostIncidentReviewPublished";

        /// <summary>Ids of service health issues, such as EX231055.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IncidentIdCompleter))]
        public string[] Id { get; set; }

        protected override void ProcessInput()
        {
            foreach (string id in Id)
            {
                SaveReport(id);
            }
        }

        private void SaveReport(string id)
        {
            if (!CheckWellFormed(id))
            {
                return;
            }

            if (MessageIds.IsMessageCenter(id))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.NotAnIssueId, id), id));
                return;
            }

            if (!ShouldProcess(id, string.Format(Strings.SaveIncidentReportAction, Folder)))
            {
                return;
            }

            try
            {
                using (GraphDownload download = Graph.Download("issues/" + Uri.EscapeDataString(id) + "/incidentReport", CancellationToken))
                {
                    PSObject file = Save(download, id, id + "-PostIncidentReview" + Text.FileNames.ExtensionFor(download.ContentType));
                    if (file != null)
                    {
                        WriteObject(file);
                    }
                }
            }
            catch (GraphRequestException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                ExplainMissingReport(id, exception);
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, HealthPermission, id));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }
        }

        // Graph answers 404 both for an unknown issue and for an issue without a review: the issue tells which.
        private void ExplainMissingReport(string id, GraphRequestException notFound)
        {
            GraphIssue issue;
            try
            {
                issue = AnnouncementById.Issue(Graph, id, CancellationToken);
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, HealthPermission, id));
                return;
            }

            if (issue == null)
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NotFound, string.Format(Strings.IssueNotFound, id, Connection.TenantId), id));
                return;
            }

            string status = EnumText.Canonical(issue.Status);
            if (!string.Equals(status, PublishedStatus, StringComparison.Ordinal))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.IncidentReportNotPublished, string.Format(Strings.IncidentReportNotPublished, issue.Id, status), id));
                return;
            }

            WriteError(GraphErrorRecord(notFound, HealthPermission, id));
        }
    }
}
