using System;
using System.IO;
using System.Management.Automation;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>Saves the post-incident review (PIR) document of service health issues, as Graph gives it.</summary>
    [Cmdlet(VerbsData.Save, "O365ServiceIncidentReport", SupportsShouldProcess = true, DefaultParameterSetName = ByIdSet, HelpUri = HelpLinks.Docs + "Save-O365ServiceIncidentReport.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveO365ServiceIncidentReportCommand : SaveServiceFileCommandBase
    {
        private const string PublishedStatus = "PostIncidentReviewPublished";

        protected override void SaveFrom(string id)
        {
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
                using (GraphDownload download = Announcements.DownloadIncidentReport(id, CancellationToken))
                {
                    PSObject file = Save(download, id, id + "-PostIncidentReview" + Text.FileNames.ExtensionFor(download.ContentType));
                    if (file != null)
                    {
                        WriteObject(file);
                    }
                }
            }
            catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.NotFound)
            {
                ExplainMissingReport(id, exception);
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, id));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }
        }

        // Graph answers alike for an unknown issue and for an issue without a review: the issue tells which.
        private void ExplainMissingReport(string id, GraphRequestException notFound)
        {
            GraphIssue issue;
            try
            {
                issue = Announcements.GetIssue(id, CancellationToken);
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, id));
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

            // A published review Graph does not give: reported as the failed request it is.
            WriteError(GraphErrorRecord(notFound.As(ServiceCommsErrorKind.RequestFailed, notFound.Permission), id));
        }
    }
}
