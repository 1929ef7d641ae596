using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>Saves the attachments of Message Center posts as the zip archive Graph's attachmentsArchive gives.</summary>
    [Cmdlet(VerbsData.Save, "O365ServiceMessageAttachment", SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Save-O365ServiceMessageAttachment.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveO365ServiceMessageAttachmentCommand : SaveServiceFileCommandBase
    {
        private const string MessagePermission = "ServiceMessage.Read.All";

        /// <summary>Ids of Message Center posts, such as MC172851.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MessageCenterIdCompleter))]
        public string[] Id { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string id in Id)
            {
                SaveArchive(id);
            }
        }

        private void SaveArchive(string id)
        {
            if (!CheckWellFormed(id))
            {
                return;
            }

            if (!MessageIds.IsMessageCenter(id))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException(string.Format(Strings.NotAMessageCenterId, id, Strings.AttachmentsWord)),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, id));
                return;
            }

            if (!ShouldProcess(id, string.Format(Strings.SaveAttachmentsAction, Folder)))
            {
                return;
            }

            string messagePath = "messages/" + Uri.EscapeDataString(id);
            try
            {
                // The list says whether there is anything to archive, whatever Graph would answer for an empty archive.
                var attachments = Graph.GetCollection<GraphAttachment>(messagePath + "/attachments", CancellationToken).ToList();
                if (attachments.Count == 0)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException(string.Format(Strings.NoAttachments, id)), ErrorIds.NoAttachments, ErrorCategory.ObjectNotFound, id));
                    return;
                }

                WriteVerbose(string.Format("{0} has {1} attachment(s): {2}", id, attachments.Count, string.Join("; ", attachments.Select(a => a.Name))));
                using (GraphDownload download = Graph.Download(messagePath + "/attachmentsArchive", CancellationToken))
                {
                    PSObject file = Save(download, id, id + "-attachments.zip");
                    if (file != null)
                    {
                        WriteObject(file);
                    }
                }
            }
            catch (GraphRequestException exception) when (exception.StatusCode == HttpStatusCode.NotFound
                && exception.RequestUri?.AbsolutePath.EndsWith("/attachments", StringComparison.Ordinal) == true)
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException(string.Format(Strings.MessageCenterPostNotFound, id, Connection.TenantId)),
                    ErrorIds.MessageNotFound, ErrorCategory.ObjectNotFound, id));
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, MessagePermission, id));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }
        }
    }
}
