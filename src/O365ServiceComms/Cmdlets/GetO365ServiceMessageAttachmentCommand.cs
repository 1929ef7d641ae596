using System;
using System.Management.Automation;
using System.Net;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Lists the attachments of Message Center posts (Graph's messages/{id}/attachments) as objects; piped to
    /// Save-O365ServiceMessageAttachment, each is saved as a file of its own.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceMessageAttachment", HelpUri = HelpLinks.Docs + "Get-O365ServiceMessageAttachment.md")]
    [OutputType(typeof(ServiceMessageAttachment))]
    public sealed class GetO365ServiceMessageAttachmentCommand : ServiceCommsCmdlet
    {
        private const string MessagePermission = "ServiceMessage.Read.All";

        private Connection _connection;
        private ModelMapper _mapper;

        /// <summary>Ids of Message Center posts, such as MC172851.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MessageCenterIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>The tenant to query; by default the latest connection.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string TenantId { get; set; }

        protected override void BeginCommand()
        {
            _connection = ResolveConnection(TenantId);
            _mapper = new ModelMapper(_connection.TenantId, ServiceCatalog.Empty);
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
                foreach (GraphAttachment attachment in Graph.GetCollection<GraphAttachment>(
                    "messages/" + Uri.EscapeDataString(id) + "/attachments", CancellationToken))
                {
                    WriteObject(_mapper.ToAttachment(attachment, id));
                    written++;
                }

                if (written == 0)
                {
                    WriteVerbose(string.Format(Strings.NoAttachments, id));
                }
            }
            catch (GraphRequestException exception) when (exception.StatusCode == HttpStatusCode.NotFound && written == 0)
            {
                WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NotFound, string.Format(Strings.MessageCenterPostNotFound, id, _connection.TenantId), id));
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, MessagePermission, id, incomplete: written > 0, itemsReturned: written));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, _connection.TenantId));
            }
        }
    }
}
