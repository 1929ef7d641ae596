using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Saves the attachments of Message Center posts: with -Id, each post's attachments as the one zip archive Graph
    /// makes of them; with attachments from Get-O365ServiceMessageAttachment (-InputObject), each attachment as a file
    /// of its own.
    /// </summary>
    [Cmdlet(VerbsData.Save, "O365ServiceMessageAttachment", SupportsShouldProcess = true, DefaultParameterSetName = AttachmentSet, HelpUri = HelpLinks.Docs + "Save-O365ServiceMessageAttachment.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveO365ServiceMessageAttachmentCommand : SaveServiceFileCommandBase
    {
        // The default set, so that a piped attachment binds as itself and not by its Id property (which is the
        // attachment's id, not a post's); ids and posts still bind to -Id.
        private const string AttachmentSet = "Attachment";

        /// <summary>Attachments as Get-O365ServiceMessageAttachment lists them: each is saved as a file of its own.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = AttachmentSet)]
        [ValidateNotNull]
        public ServiceMessageAttachment[] InputObject { get; set; }

        /// <summary>With -Id (its set is the base's), each post's attachments as one archive; else each attachment piped.</summary>
        protected override void ProcessInput()
        {
            if (ParameterSetName != AttachmentSet)
            {
                base.ProcessInput();
                return;
            }

            foreach (ServiceMessageAttachment attachment in InputObject)
            {
                SaveAttachment(attachment);
            }
        }

        private void SaveAttachment(ServiceMessageAttachment attachment)
        {
            string messageId = attachment.MessageId;
            if (!CheckWellFormed(messageId))
            {
                return;
            }

            if (string.IsNullOrEmpty(attachment.Id))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.AttachmentWithoutId, attachment.Name, messageId), attachment));
                return;
            }

            if (attachment.TenantId != null && !string.Equals(attachment.TenantId, Connection.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.AttachmentOfOtherTenant, attachment.Name, attachment.TenantId, Connection.TenantId), attachment));
                return;
            }

            string label = messageId + " " + (attachment.Name ?? attachment.Id);
            if (!ShouldProcess(label, string.Format(Strings.SaveAttachmentAction, Folder)))
            {
                return;
            }

            try
            {
                using (GraphDownload download = Announcements.DownloadAttachment(messageId, attachment.Id, CancellationToken))
                {
                    // The server's Content-Disposition name first, then the name the list gave, then the ids.
                    string extension = Text.FileNames.ExtensionFor(download.ContentType ?? attachment.ContentType);
                    string byIds = Text.FileNames.Sanitize(messageId + "-" + attachment.Id + extension, messageId + "-attachment" + extension);
                    PSObject file = Save(download, label, Text.FileNames.Sanitize(attachment.Name, byIds));
                    if (file != null)
                    {
                        WriteObject(file);
                    }
                }
            }
            catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.AttachmentNotFound)
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.AttachmentNotFound, string.Format(Strings.AttachmentNotFound, attachment.Name ?? attachment.Id, messageId, Connection.TenantId), attachment));
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, attachment));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }
        }

        /// <summary>The attachments of the post, as the one zip archive Graph makes of them.</summary>
        protected override void SaveFrom(string id)
        {
            if (!MessageIds.IsMessageCenter(id))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.NotAMessageCenterId, id, Strings.AttachmentsWord), id));
                return;
            }

            if (!ShouldProcess(id, string.Format(Strings.SaveAttachmentsAction, Folder)))
            {
                return;
            }

            try
            {
                // The list says whether there is anything to archive, whatever Graph would answer for an empty archive.
                var attachments = Announcements.ListAttachments(id, CancellationToken).ToList();
                if (attachments.Count == 0)
                {
                    WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NoAttachments, string.Format(Strings.NoAttachments, id), id));
                    return;
                }

                WriteVerbose(string.Format("{0} has {1} attachment(s): {2}", id, attachments.Count, string.Join("; ", attachments.Select(a => a.Name))));
                using (GraphDownload download = Announcements.DownloadAttachmentsArchive(id, CancellationToken))
                {
                    PSObject file = Save(download, id, id + "-attachments.zip");
                    if (file != null)
                    {
                        WriteObject(file);
                    }
                }
            }
            catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.NotFound)
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NotFound, string.Format(Strings.MessageCenterPostNotFound, id, Connection.TenantId), id));
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
    }
}
