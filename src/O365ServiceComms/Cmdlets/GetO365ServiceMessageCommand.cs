using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using O365ServiceComms.Completion;
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

        private static readonly Regex s_validId = new Regex(@"^[A-Za-z0-9]{1,64}\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_messageCenterId = new Regex(@"^MC\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private Connection _connection;
        private ModelMapper _mapper;

        /// <summary>Issue or Message Center ids, such as LY197383 or MC172851.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MessageIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>Service status objects from Get-O365ServiceStatus: yields their active incidents.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByStatusSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ServiceStatus InputObject { get; set; }

        /// <summary>Incident (service health issues, advisories included) or MessageCenter (Message Center posts).</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateSet("Incident", "MessageCenter", IgnoreCase = true)]
        public string MessageType { get; set; }

        /// <summary>Service ids (SharePoint) or display names (SharePoint Online); wildcards allowed.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [Alias("Workload")]
        [ArgumentCompleter(typeof(ServiceIdCompleter))]
        public string[] Service { get; set; }

        /// <summary>Only unresolved incidents (isResolved eq false); implies incidents.</summary>
        [Parameter(ParameterSetName = AllSet)]
        public SwitchParameter Active { get; set; }

        /// <summary>Only messages last updated at or after this time (lastModifiedDateTime ge).</summary>
        [Parameter(ParameterSetName = AllSet)]
        public DateTime Since { get; set; }

        /// <summary>Message Center severities; implies Message Center posts.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateSet("Normal", "High", "Critical", IgnoreCase = true)]
        public string[] Severity { get; set; }

        /// <summary>Incident or Advisory; implies incidents.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateSet("Incident", "Advisory", IgnoreCase = true)]
        public string[] Classification { get; set; }

        /// <summary>Incident statuses such as ServiceDegradation; values this version does not know are sent as given. Implies incidents.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IncidentStatusCompleter))]
        public string[] Status { get; set; }

        /// <summary>Message Center categories; implies Message Center posts.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateSet("PreventOrFixIssue", "PlanForChange", "StayInformed", IgnoreCase = true)]
        public string[] Category { get; set; }

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
                    foreach (ServiceIncident incident in InputObject.ActiveIncidents)
                    {
                        WriteMessage(incident);
                    }

                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != AllSet)
            {
                return;
            }

            bool incidentsAsked = MessageType == null || MessageType.Equals("Incident", StringComparison.OrdinalIgnoreCase);
            bool messageCenterAsked = MessageType == null || MessageType.Equals("MessageCenter", StringComparison.OrdinalIgnoreCase);
            string[] incidentOnly = GivenParameters("Active", "Classification", "Status");
            string[] messageCenterOnly = GivenParameters("Severity", "Category");
            CheckFilterKinds(incidentOnly, messageCenterOnly);

            // A filter that only one kind has restricts the query to that kind (as filtering on the pipeline would).
            bool incidents = incidentsAsked && messageCenterOnly.Length == 0;
            bool messageCenter = messageCenterAsked && incidentOnly.Length == 0;

            string[] serviceNames = null;
            if (Service != null)
            {
                serviceNames = ResolveServiceNames();
                if (serviceNames.Length == 0)
                {
                    // Every name was unknown (and reported): no service matches, so no message does.
                    return;
                }
            }

            MessageStateFile state = StatePath == null ? null : StatePathSupport.Open(this, StatePath, StateKey);
            if (incidents)
            {
                ODataFilterBuilder filter = new ODataFilterBuilder()
                    .AnyOf("service", serviceNames)
                    .IsEqual("isResolved", Active.IsPresent ? false : (bool?)null)
                    .OnOrAfter("lastModifiedDateTime", SinceIfGiven)
                    .AnyOf("classification", GraphEnumValues(Classification))
                    .AnyOf("status", GraphEnumValues(Status));
                WriteCollection<GraphIssue>("issues", filter, HealthPermission, issue => Mapper.ToIncident(issue), Strings.ProgressReadingIssues, state);
            }

            if (messageCenter)
            {
                ODataFilterBuilder filter = new ODataFilterBuilder()
                    .ContainsAnyOf("services", serviceNames)
                    .OnOrAfter("lastModifiedDateTime", SinceIfGiven)
                    .AnyOf("severity", GraphEnumValues(Severity))
                    .AnyOf("category", GraphEnumValues(Category));
                WriteCollection<GraphMessage>("messages", filter, MessagePermission, message => Mapper.ToMessageCenterPost(message), Strings.ProgressReadingMessages, state);
            }

            if (state != null)
            {
                StatePathSupport.Save(this, state);
            }
        }

        // The tenant's id where the token names it, so connecting by id or by domain shares one state.
        private string StateKey => _connection.Info.TenantGuid?.ToString() ?? _connection.TenantId;

        private DateTime? SinceIfGiven => MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since : (DateTime?)null;

        private string[] GivenParameters(params string[] names) =>
            names.Where(name => MyInvocation.BoundParameters.ContainsKey(name)
                && !(name == "Active" && !Active.IsPresent)).Select(name => "-" + name).ToArray();

        /// <summary>Stops on filters no message can meet: one kind's filter with the other -MessageType, or filters of both kinds.</summary>
        private void CheckFilterKinds(string[] incidentOnly, string[] messageCenterOnly)
        {
            string message = null;
            if (MessageType != null && MessageType.Equals("Incident", StringComparison.OrdinalIgnoreCase) && messageCenterOnly.Length > 0)
            {
                message = string.Format(Strings.FilterNeedsMessageCenter, string.Join(", ", messageCenterOnly));
            }
            else if (MessageType != null && MessageType.Equals("MessageCenter", StringComparison.OrdinalIgnoreCase) && incidentOnly.Length > 0)
            {
                message = string.Format(Strings.FilterNeedsIncidents, string.Join(", ", incidentOnly));
            }
            else if (incidentOnly.Length > 0 && messageCenterOnly.Length > 0)
            {
                message = string.Format(Strings.FiltersOfBothKinds, string.Join(", ", incidentOnly), string.Join(", ", messageCenterOnly));
            }

            if (message != null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(message), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, MessageType));
            }
        }

        /// <summary>
        /// The display names Graph filters on for the -Service values: ids and display names (any case) map to the
        /// display name the service list gives, wildcards expand over both. Names matching nothing are reported.
        /// Without a service list (ServiceHealth.Read.All missing) the values are sent as they are.
        /// </summary>
        private string[] ResolveServiceNames()
        {
            ServiceCatalog catalog = Mapper.Catalog;
            if (!catalog.Ids.Any())
            {
                return Service.Distinct(StringComparer.Ordinal).ToArray();
            }

            var names = new List<string>();
            foreach (string value in Service)
            {
                if (WildcardPattern.ContainsWildcardCharacters(value))
                {
                    var pattern = new WildcardPattern(value, WildcardOptions.IgnoreCase);
                    names.AddRange(catalog.Ids
                        .Where(id => pattern.IsMatch(id) || pattern.IsMatch(catalog.NameOf(id)))
                        .Select(id => catalog.NameOf(id)));
                    continue;
                }

                string name = catalog.NameOf(value) ?? catalog.NameOf(catalog.IdOf(value));
                if (name == null)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException(string.Format(Strings.ServiceNotFound, value, _connection.TenantId, string.Join(", ", catalog.Ids))),
                        ErrorIds.ServiceNotFound, ErrorCategory.ObjectNotFound, value));
                    continue;
                }

                names.Add(name);
            }

            return names.Distinct(StringComparer.Ordinal).ToArray();
        }

        /// <summary>Enum values as Graph writes them (serviceDegradation): canonical spelling, first letter lower case.</summary>
        private static IEnumerable<string> GraphEnumValues(string[] values) =>
            values?.Select(value => EnumText.Canonical(value.Trim()))
                .Select(value => value.Length == 0 ? value : char.ToLowerInvariant(value[0]) + value.Substring(1));

        private static string WithFilter(string collection, string filter) =>
            filter == null ? collection : collection + "?$filter=" + Uri.EscapeDataString(filter);

        private ModelMapper Mapper => _mapper ?? (_mapper = new ModelMapper(_connection.TenantId, LoadServiceCatalog()));

        // Service ids (Exchange, SharePoint) for the display names issues and posts carry; read once per connection.
        private ServiceCatalog LoadServiceCatalog()
        {
            try
            {
                return ServiceCatalogReader.Read(_connection, Graph, CancellationToken);
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

        /// <summary>Writes a message and remembers its id for tab completion of -Id.</summary>
        private void WriteMessage(ServiceMessage message)
        {
            _connection.RecentIds.Add(message.Id, message.MessageType, message.Title);
            WriteObject(message);
        }

        /// <summary>
        /// Writes every item of one list that matches the filter. With -StatePath, the list's state is kept per filter
        /// (so a filtered run never hides items from an unfiltered one), the request asks only for items changed since
        /// the state's time, and items already returned unchanged are skipped.
        /// </summary>
        private void WriteCollection<T>(string collection, ODataFilterBuilder filter, string permission, Func<T, ServiceMessage> map, string activity, MessageStateFile state)
        {
            string userFilter = filter.Build();
            CollectionState listState = state?.Collection(userFilter == null ? collection : collection + " " + userFilter);
            filter.OnOrAfter("lastModifiedDateTime", StatePathSupport.Since(this, collection, listState));
            var progress = new ListProgress(this, 1, activity);
            int written = 0;
            try
            {
                foreach (T item in Graph.GetCollection<T>(WithFilter(collection, filter.Build()), CancellationToken, progress.NextPage))
                {
                    ServiceMessage message = map(item);
                    progress.ItemRead();
                    if (listState != null && !listState.IsNewOrChanged(message.Id, message.LastModifiedDateTime))
                    {
                        continue;
                    }

                    WriteMessage(message);
                    written++;
                }

                listState?.Complete();
            }
            catch (GraphRequestException exception)
            {
                WriteError(GraphErrorRecord(exception, permission, collection, incomplete: written > 0, itemsReturned: written));
            }
            catch (SignInException exception)
            {
                ThrowTerminatingError(SignInErrorRecord(exception, _connection.TenantId));
            }
            finally
            {
                progress.Complete();
            }
        }

        private void WriteById(string id)
        {
            if (!s_validId.IsMatch(id))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException(string.Format(Strings.InvalidMessageId, Strings.Quote(id))), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, id));
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

                WriteMessage(found);
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
            GraphIssue issue = Graph.GetItemOrDefault<GraphIssue>("issues/" + Uri.EscapeDataString(id), CancellationToken);
            return issue == null ? null : Mapper.ToIncident(issue);
        }

        private MessageCenterPost GetMessage(string id)
        {
            GraphMessage message = Graph.GetItemOrDefault<GraphMessage>("messages/" + Uri.EscapeDataString(id), CancellationToken);
            return message == null ? null : Mapper.ToMessageCenterPost(message);
        }
    }
}
