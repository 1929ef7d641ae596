using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Text.RegularExpressions;
using O365ServiceComms.Completion;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using O365ServiceComms.State;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Service health issues (MessageType Incident) and Message Center posts (MessageType MessageCenter), as the old
    /// Messages list held them: all of them, some by id, or the active incidents of piped service status objects; of
    /// one tenant, or of several side by side.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "O365ServiceMessage", DefaultParameterSetName = AllSet, HelpUri = HelpLinks.Docs + "Get-O365ServiceMessage.md")]
    [OutputType(typeof(ServiceIncident), typeof(MessageCenterPost))]
    public sealed class GetO365ServiceMessageCommand : MultiTenantCommandBase
    {
        private const string AllSet = "All";
        private const string ByIdSet = "ById";
        private const string ByStatusSet = "ByStatus";

        private static readonly Regex s_validId = new Regex(@"^[A-Za-z0-9]{1,64}\z", RegexOptions.CultureInvariant);
        private static readonly Regex s_messageCenterId = new Regex(@"^MC\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // With several tenants, the ids of the whole pipeline: read in one fan-out at the end, not one per record.
        private readonly List<string> _pipedIds = new List<string>();

        // Each tenant's mapper, made when its first item needs it and kept for the command (piped ids reuse it).
        private readonly ConcurrentDictionary<Connection, ModelMapper> _mappers = new ConcurrentDictionary<Connection, ModelMapper>();

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
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SeverityCompleter))]
        public string[] Severity { get; set; }

        /// <summary>Incident or Advisory; implies incidents.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ClassificationCompleter))]
        public string[] Classification { get; set; }

        /// <summary>Incident statuses such as ServiceDegradation; values this version does not know are sent as given. Implies incidents.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IncidentStatusCompleter))]
        public string[] Status { get; set; }

        /// <summary>Message Center categories; implies Message Center posts.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CategoryCompleter))]
        public string[] Category { get; set; }

        /// <summary>A file remembering what earlier runs returned: this run returns only new or changed items.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateNotNullOrEmpty]
        public string StatePath { get; set; }

        protected override void ProcessInput()
        {
            switch (ParameterSetName)
            {
                case ByIdSet:
                    if (Tenants.Several)
                    {
                        // Bad ids are reported once, here, before any tenant is read; the good ones wait for the end.
                        _pipedIds.AddRange(Id.Where(IsValidId));
                    }
                    else
                    {
                        ForEachTenant(output => WriteByIds(output, Id));
                    }

                    break;
                case ByStatusSet:
                    // The status object already holds its active incidents as read with it: no request needed.
                    Connection connection = Tenants.Connections.FirstOrDefault(candidate => candidate.IsTenant(InputObject.TenantId))
                        ?? Tenants.Connections.FirstOrDefault();
                    bool severalTenants = TenantColumn.IsMarked(InputObject);
                    foreach (ServiceIncident incident in InputObject.ActiveIncidents)
                    {
                        connection?.RecentIds.Add(incident.Id, incident.MessageType, incident.Title);
                        WriteObject(severalTenants ? TenantColumn.Mark(incident) : (object)incident);
                    }

                    break;
            }
        }

        protected override void EndCommand()
        {
            if (ParameterSetName == ByIdSet && _pipedIds.Count > 0)
            {
                string[] ids = _pipedIds.ToArray();
                ForEachTenant(output => WriteByIds(output, ids));
                return;
            }

            if (ParameterSetName != AllSet)
            {
                return;
            }

            bool incidentsAsked = MessageType == null || MessageType.Equals("Incident", StringComparison.OrdinalIgnoreCase);
            bool messageCenterAsked = MessageType == null || MessageType.Equals("MessageCenter", StringComparison.OrdinalIgnoreCase);
            string[] incidentOnly = GivenParameters("Active", "Classification", "Status");
            string[] messageCenterOnly = GivenParameters("Severity", "Category");
            CheckFilterKinds(incidentOnly, messageCenterOnly);
            Status = KnownOrAsTyped(nameof(Status), Status, FilterValues.Statuses);
            Severity = KnownOrAsTyped(nameof(Severity), Severity, FilterValues.Severities);
            Classification = KnownOrAsTyped(nameof(Classification), Classification, FilterValues.Classifications);
            Category = KnownOrAsTyped(nameof(Category), Category, FilterValues.Categories);

            // A filter that only one kind has restricts the query to that kind (as filtering on the pipeline would).
            var lists = new ListsAsked
            {
                Incidents = incidentsAsked && messageCenterOnly.Length == 0,
                MessageCenter = messageCenterAsked && incidentOnly.Length == 0,
                Since = SinceIfGiven,
            };

            if (!Tenants.Several)
            {
                MessageStateFile state = null;
                ForEachTenant(output =>
                    state = ReadLists(output, lists, () => StatePathSupport.Open(this, StatePath, StateKey(output.Connection))));
                if (state != null)
                {
                    StatePathSupport.Save(this, state);
                }

                return;
            }

            // Several tenants share one state file: read once here (a bad file stops the command before any request),
            // each tenant keeps its own part, and the file is written once, after every tenant was read.
            MessageStateFile shared = StatePath == null ? null : StatePathSupport.OpenForTenants(this, StatePath, Tenants.Connections.Count);
            ForEachTenant(output => ReadLists(output, lists, () =>
            {
                string key = StateKey(output.Connection);
                MessageStateFile view = shared.ForTenant(key);
                output.WriteVerbose(StatePathSupport.Describe(view, key));
                return view;
            }));
            if (shared != null)
            {
                StatePathSupport.Save(this, shared);
            }
        }

        // The tenant's id where the token names it, so connecting by id or by domain shares one state.
        private static string StateKey(Connection connection) => connection.Info.TenantGuid?.ToString() ?? connection.TenantId;

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
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, message, MessageType));
            }
        }

        /// <summary>
        /// One tenant's issues and posts, as the parameters ask. Returns the state it used (null without -StatePath, or
        /// when it read nothing), for the caller to save. A failed sign-in ends this tenant's reading.
        /// </summary>
        private MessageStateFile ReadLists(TenantOutput output, ListsAsked lists, Func<MessageStateFile> openState)
        {
            var tenant = new TenantMessages(this, output);
            try
            {
                string[] serviceNames = null;
                if (Service != null)
                {
                    serviceNames = tenant.ResolveServiceNames(Service);
                    if (serviceNames.Length == 0)
                    {
                        // Every name was unknown (and reported): no service matches, so no message does.
                        return null;
                    }
                }

                MessageStateFile state = StatePath == null ? null : openState();
                var issues = new IssueQuery
                {
                    Services = serviceNames,
                    ActiveOnly = Active.IsPresent,
                    Since = lists.Since,
                    Classifications = Classification,
                    Statuses = Status,
                };
                var messages = new MessageQuery { Services = serviceNames, Since = lists.Since, Severities = Severity, Categories = Category };
                Action<TenantMessages> readIncidents = reader => reader.WriteList(
                    issues, (query, beforeNextPage) => reader.Announcements.ListIssues(query, reader.CancellationToken, beforeNextPage),
                    issue => reader.Mapper.ToIncident(issue), Strings.ProgressReadingIssues, state);
                Action<TenantMessages> readMessageCenter = reader => reader.WriteList(
                    messages, (query, beforeNextPage) => reader.Announcements.ListMessages(query, reader.CancellationToken, beforeNextPage),
                    message => reader.Mapper.ToMessageCenterPost(message), Strings.ProgressReadingMessages, state);

                if (lists.Incidents && lists.MessageCenter)
                {
                    // Both lists at once; the output stays incidents first, then posts (held while the incidents come).
                    foreach (TenantRecord record in SideBySideLists.Read<TenantRecord>(
                        sink => readIncidents(new TenantMessages(this, output.ForList(sink))),
                        sink => readMessageCenter(new TenantMessages(this, output.ForList(sink))),
                        output.CancellationToken))
                    {
                        output.Emit(record);
                    }
                }
                else if (lists.Incidents)
                {
                    readIncidents(tenant);
                }
                else if (lists.MessageCenter)
                {
                    readMessageCenter(tenant);
                }

                return state;
            }
            catch (SignInException exception)
            {
                output.Fail(SignInErrorRecord(exception, output.Connection.TenantId));
                return null;
            }
        }

        private void WriteByIds(TenantOutput output, string[] ids)
        {
            var tenant = new TenantMessages(this, output);
            foreach (string id in ids)
            {
                // One tenant: each id is checked where it comes, as it always was.
                if (!output.Several && !IsValidId(id))
                {
                    continue;
                }

                try
                {
                    tenant.WriteById(id);
                }
                catch (SignInException exception)
                {
                    output.Fail(SignInErrorRecord(exception, output.Connection.TenantId));
                    return;
                }
            }
        }

        /// <summary>Pipeline thread only: reports a malformed id.</summary>
        private bool IsValidId(string id)
        {
            if (s_validId.IsMatch(id))
            {
                return true;
            }

            WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.InvalidMessageId, Strings.Quote(id)), id));
            return false;
        }

        /// <summary>
        /// Each value in Graph's spelling where it names a known one (the health page's words too); any other value is
        /// kept, for Graph adds values, with a warning naming it and the known ones, since a typo would match nothing.
        /// </summary>
        private string[] KnownOrAsTyped(string parameter, string[] values, string[] known) =>
            values?.Select(value =>
            {
                string match = FilterValues.Known(value, known);
                if (match == null)
                {
                    WriteWarning(string.Format(Strings.UnknownFilterValue, parameter, value.Trim(), string.Join(", ", known)));
                }

                return match ?? value.Trim();
            }).ToArray();

        private static DateTime Later(DateTime a, DateTime b) => CollectionState.ToUtc(a) >= CollectionState.ToUtc(b) ? a : b;

        /// <summary>Which lists to read and from when; worked out once on the pipeline thread.</summary>
        private sealed class ListsAsked
        {
            public bool Incidents { get; set; }

            public bool MessageCenter { get; set; }

            public DateTime? Since { get; set; }
        }

        /// <summary>
        /// The reading of one tenant: its Graph client and output, and its mapper with the tenant's own service ids.
        /// Writes only through the output, so it may run on a worker.
        /// </summary>
        private sealed class TenantMessages
        {
            private readonly GetO365ServiceMessageCommand _cmdlet;
            private readonly TenantOutput _output;
            private readonly Connection _connection;

            public TenantMessages(GetO365ServiceMessageCommand cmdlet, TenantOutput output)
            {
                _cmdlet = cmdlet;
                _output = output;
                _connection = output.Connection;
            }

            public ServiceAnnouncements Announcements => _output.Announcements;

            public CancellationToken CancellationToken => _output.CancellationToken;

            public ModelMapper Mapper
            {
                get
                {
                    // Two lists read side by side may both make one: the connection reads its catalog once, and the
                    // two mappers are alike.
                    if (!_cmdlet._mappers.TryGetValue(_connection, out ModelMapper mapper))
                    {
                        mapper = _cmdlet._mappers.GetOrAdd(_connection, new ModelMapper(_connection.TenantId, LoadServiceCatalog()));
                    }

                    return mapper;
                }
            }

            /// <summary>
            /// The display names Graph filters on for the -Service values: ids and display names (any case) map to the
            /// display name this tenant's service list gives, wildcards expand over both. Names matching nothing are
            /// reported. Without a service list (ServiceHealth.Read.All missing) the values are sent as they are.
            /// </summary>
            public string[] ResolveServiceNames(string[] services)
            {
                ServiceCatalog catalog = Mapper.Catalog;
                if (!catalog.Ids.Any())
                {
                    return services.Distinct(StringComparer.Ordinal).ToArray();
                }

                var names = new List<string>();
                foreach (string value in services)
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
                        _output.WriteError(ErrorKinds.Record(ServiceCommsErrorKind.ServiceNotFound, string.Format(Strings.ServiceNotFound, value, _connection.TenantId, string.Join(", ", catalog.Ids)), value));
                        continue;
                    }

                    names.Add(name);
                }

                return names.Distinct(StringComparer.Ordinal).ToArray();
            }

            /// <summary>
            /// Writes every item of one list that matches the filter and -Since. With -StatePath, the list's state is kept
            /// per filter (so a filtered run never hides items from an unfiltered one) but not per -Since, whose value
            /// moves from run to run ((Get-Date).AddDays(-1)); the request asks for items changed since the later of
            /// -Since and the state's clock, and items already returned unchanged are skipped.
            /// </summary>
            public void WriteList<TQuery, T>(TQuery query, Func<TQuery, Action<int>, IEnumerable<T>> read, Func<T, ServiceMessage> map, string activity, MessageStateFile state)
                where TQuery : AnnouncementQuery
            {
                CollectionState listState = state?.Collection(query.StateKey);
                DateTime? stateSince = StatePathSupport.Since(_output.WriteVerbose, query.Collection, listState);
                if (stateSince != null)
                {
                    query = (TQuery)query.WithSince(query.Since == null ? stateSince : Later(query.Since.Value, stateSince.Value));
                }

                // Page progress only for one tenant: workers may not write to PowerShell (several tenants show their own).
                ListProgress progress = _output.Several ? null : new ListProgress(_output.WriteProgress, 1, activity);
                Action waitForRoom = _output.WaitBeforeNextPage;
                Action<int> beforeNextPage = progress == null && waitForRoom == null ? (Action<int>)null : page =>
                {
                    waitForRoom?.Invoke();
                    progress?.NextPage(page);
                };
                int written = 0;
                try
                {
                    foreach (T item in read(query, beforeNextPage))
                    {
                        ServiceMessage message = map(item);
                        progress?.ItemRead();
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
                    _output.WriteTenantError(GraphErrorRecord(_connection, exception, query.Collection, incomplete: written > 0, itemsReturned: written));
                }
                finally
                {
                    progress?.Complete();
                }
            }

            public void WriteById(string id)
            {
                bool messageCenterFirst = s_messageCenterId.IsMatch(id);
                try
                {
                    ServiceMessage found = messageCenterFirst
                        ? (ServiceMessage)GetMessage(id) ?? GetIssue(id)
                        : (ServiceMessage)GetIssue(id) ?? GetMessage(id);
                    if (found == null)
                    {
                        _output.WriteError(ErrorKinds.Record(ServiceCommsErrorKind.NotFound, string.Format(Strings.MessageNotFound, id, _connection.TenantId), id));
                        return;
                    }

                    WriteMessage(found);
                }
                catch (GraphRequestException exception)
                {
                    _output.WriteTenantError(GraphErrorRecord(_connection, exception, id));
                }
            }

            /// <summary>Writes a message and remembers its id for tab completion of -Id (RecentIds is thread-safe).</summary>
            private void WriteMessage(ServiceMessage message)
            {
                _connection.RecentIds.Add(message.Id, message.MessageType, message.Title);
                _output.WriteObject(message);
            }

            // Service ids (Exchange, SharePoint) for the display names issues and posts carry; read once per connection.
            // A failed sign-in goes to the caller, which ends this tenant's reading.
            private ServiceCatalog LoadServiceCatalog()
            {
                try
                {
                    return _output.Announcements.ReadServiceCatalog(_output.CancellationToken);
                }
                catch (GraphRequestException exception)
                {
                    // Without the catalog, objects lack only the legacy Workload ids; say so and go on.
                    _output.WriteWarning("Service ids are not available: " + exception.Message);
                    return ServiceCatalog.Empty;
                }
            }

            private ServiceIncident GetIssue(string id)
            {
                GraphIssue issue = _output.Announcements.GetIssue(id, _output.CancellationToken);
                return issue == null ? null : Mapper.ToIncident(issue);
            }

            private MessageCenterPost GetMessage(string id)
            {
                GraphMessage message = _output.Announcements.GetMessage(id, _output.CancellationToken);
                return message == null ? null : Mapper.ToMessageCenterPost(message);
            }
        }
    }
}
