using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using O365ServiceComms.State;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Service health issues (MessageType Incident) and Message Center posts (MessageType MessageCenter), as the old
    /// Messages list held them: all of them, some by id, or the active incidents of piped service status objects.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceMessage", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(ServiceIncident), typeof(MessageCenterPost))]
    public sealed class GetO365ServiceMessageCommand : ServiceCommsCmdlet
    {
        private const string AllSet = "All";
        private const string ByIdSet = "ById";
        private const string ByStatusSet = "ByStatus";

        private const string HealthPermission = "ServiceHealth.Read.All";
        private const string MessagePermission = "ServiceMessage.Read.All";

        private static readonly Regex s_validId = new Regex(@"^[A-Za-z0-9]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex s_messageCenterId = new Regex(@"^MC\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private ServiceCommsConnection _connection;
        private ModelMapper _mapper;

        /// <summary>Issue or Message Center ids, such as LY197383 or MC172851.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; }

        /// <summary>Service status objects from Get-O365ServiceStatus: yields their active incidents.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByStatusSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ServiceStatus InputObject { get; set; }

        /// <summary>Incident (service health issues, advisories included) or MessageCenter (Message Center posts).</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateSet("Incident", "MessageCenter", IgnoreCase = true)]
        public string MessageType { get; set; }

        /// <summary>The tenant to query; by default the latest connection.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TenantId { get; set; }

        /// <summary>A file remembering what earlier runs returned: this run returns only new or changed items.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        public string StatePath { get; set; }

        protected override void BeginProcessing()
        {
            _connection = ResolveConnection(TenantId);
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case ByIdSet:
                    foreach (string id in Id)
                    {
                        WriteById(id);
                    }

                    break;
                case ByStatusSet:
                    // The status object already holds its active incidents as read with it: no request needed.
                    WriteObject(InputObject.ActiveIncidents, enumerateCollection: true);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != AllSet)
            {
                return;
            }

            bool incidents = MessageType == null || MessageType.Equals("Incident", StringComparison.OrdinalIgnoreCase);
            bool messageCenter = MessageType == null || MessageType.Equals("MessageCenter", StringComparison.OrdinalIgnoreCase);
            MessageStateFile state = StatePath == null ? null : StatePathSupport.Open(this, StatePath, _connection.TenantId);
            if (incidents)
            {
                WriteCollection<GraphIssue>("issues", HealthPermission, issue => Mapper.ToIncident(issue), state?.Collection("issues"));
            }

            if (messageCenter)
            {
                WriteCollection<GraphMessage>("messages", MessagePermission, message => Mapper.ToMessageCenterPost(message), state?.Collection("messages"));
            }

            if (state != null)
            {
                StatePathSupport.Save(this, state);
            }
        }

        private ModelMapper Mapper => _mapper ?? (_mapper = new ModelMapper(_connection.TenantId, LoadServiceCatalog()));

        // Service ids (Exchange, SharePoint) for the display names issues and posts carry; read once per connection.
        private ServiceCatalog LoadServiceCatalog()
        {
            try
            {
                return _connection.GetServiceCatalog(() => new ServiceCatalog(
                    _connection.Graph.GetCollection<GraphServiceHealth>("healthOverviews", CancellationToken)
                        .Select(service => new KeyValuePair<string, string>(service.Id, service.Service))
                        .ToList()));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, _connection.TenantId));
                return null;
            }
            catch (GraphRequestException exception)
            {
                // Without the catalog, objects lack only the legacy Workload ids; say so and go on.
                WriteWarning("Service ids are not available: " + exception.Message);
                return ServiceCatalog.Empty;
            }
        }

        private void WriteCollection<T>(string collection, string permission, Func<T, ServiceMessage> map, CollectionState state = null)
        {
            int written = 0;
            try
            {
                foreach (T item in _connection.Graph.GetCollection<T>(StatePathSupport.Query(this, collection, state), CancellationToken))
                {
                    ServiceMessage message = map(item);
                    if (state != null && !state.IsNewOrChanged(message.Id, message.LastModifiedDateTime))
                    {
                        continue;
                    }

                    WriteObject(message);
                    written++;
                }

                state?.Complete();
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, permission, collection, incomplete: written > 0));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, _connection.TenantId));
            }
        }

        private void WriteById(string id)
        {
            if (!s_validId.IsMatch(id))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException(string.Format(Strings.InvalidMessageId, id)), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, id));
                return;
            }

            bool messageCenterFirst = s_messageCenterId.IsMatch(id);
            try
            {
                ServiceMessage found = messageCenterFirst
                    ? (ServiceMessage)GetMessage(id) ?? GetIssue(id)
                    : (ServiceMessage)GetIssue(id) ?? GetMessage(id);
                if (found == null)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException(string.Format(Strings.MessageNotFound, id, _connection.TenantId)),
                        ErrorIds.MessageNotFound, ErrorCategory.ObjectNotFound, id));
                    return;
                }

                WriteObject(found);
            }
            catch (GraphRequestException exception)
            {
                string permission = exception.StatusCode == HttpStatusCode.Forbidden && exception.RequestUri?.AbsolutePath.Contains("/messages/") == true
                    ? MessagePermission
                    : HealthPermission;
                WriteError(GraphErrorRecord(exception, permission, id));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, _connection.TenantId));
            }
        }

        private ServiceIncident GetIssue(string id)
        {
            GraphIssue issue = _connection.Graph.GetItemOrDefault<GraphIssue>("issues/" + Uri.EscapeDataString(id), CancellationToken);
            return issue == null ? null : Mapper.ToIncident(issue);
        }

        private MessageCenterPost GetMessage(string id)
        {
            GraphMessage message = _connection.Graph.GetItemOrDefault<GraphMessage>("messages/" + Uri.EscapeDataString(id), CancellationToken);
            return message == null ? null : Mapper.ToMessageCenterPost(message);
        }
    }
}
