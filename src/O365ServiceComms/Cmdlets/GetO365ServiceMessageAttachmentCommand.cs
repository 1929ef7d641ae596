using System;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Lists the attachments of Message Center posts as objects; piped to
    /// Save-O365ServiceMessageAttachment, each is saved as a file of its own.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceMessageAttachment", HelpUri = HelpLinks.Docs + "Get-O365ServiceMessageAttachment.md")]
    [OutputType(typeof(ServiceMessageAttachment))]
    public sealed class GetO365ServiceMessageAttachmentCommand : TenantCommandBase
    {
        private ModelMapper _mapper;

        /// <summary>Ids of Message Center posts, such as MC172851.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MessageCenterIdCompleter))]
        public string[] Id { get; set; }

        protected override void BeginCommand()
        {
            base.BeginCommand();
            _mapper = new ModelMapper(Connection.TenantId, ServiceCatalog.Empty);
        }

        protected override void ProcessInput()
        {
            foreach (string id in Id)
            {
                WriteAttachments(id);
            }
        }

        private void WriteAttachments(string id)
        {
            if (!MessageIds.IsWellFormed(id))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.InvalidMessageId, id), id));
                return;
            }

            if (!MessageIds.IsMessageCenter(id))
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.NotAMessageCenterId, id, Strings.AttachmentsWord), id));
                return;
            }

            int written = 0;
            try
            {
                foreach (GraphAttachment attachment in Announcements.ListAttachments(id, CancellationToken))
                {
                    WriteObject(_mapper.ToAttachment(attachment, id));
                    written++;
                }

                if (written == 0)
                {
                    WriteVerbose(string.Format(Strings.NoAttachments, id));
                }
            }
            catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.NotFound && written == 0)
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NotFound, string.Format(Strings.MessageCenterPostNotFound, id, Connection.TenantId), id));
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, id, incomplete: written > 0, itemsReturned: written));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, Connection.TenantId));
            }
        }
    }
}
