using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using O365ServiceComms.Completion;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// A Get command that reads one tenant or several: it owns -TenantId (names, wildcards, * for every connection) and
    /// -ThrottleLimit, resolves the tenants once, and runs the reading of each selected tenant: inline for one tenant,
    /// side by side on workers for several (<see cref="TenantFanOut"/>), writing to PowerShell only from the pipeline
    /// thread either way.
    /// </summary>
    public abstract class MultiTenantCommandBase : ServiceCommsCmdlet
    {
        internal const int DefaultThrottleLimit = 8;
        internal const int MaxThrottleLimit = 64;

        // ListProgress of a single tenant's lists uses activity 1.
        private const int TenantProgressActivityId = 2;

        /// <summary>The tenants to query (connected ones; wildcards, * for all); by default the latest connection.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TenantIdCompleter))]
        public string[] TenantId { get; set; }

        /// <summary>How many tenants are queried at the same time.</summary>
        [Parameter]
        [ValidateRange(1, MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The connections -TenantId selects, resolved when the command begins.</summary>
        internal TenantSelection Tenants { get; private set; }

        protected override void BeginCommand()
        {
            Tenants = ResolveTenants(TenantId);
        }

        /// <summary>
        /// The connections -TenantId names: none given, the latest; one name, that one (both stop the command when
        /// missing, as before). Several names or wildcards ('*' is every connection; patterns match the name given to
        /// Connect or the tenant id): each match once, in the order named, and an error for each plain name that is
        /// not connected.
        /// </summary>
        private TenantSelection ResolveTenants(string[] tenantIds)
        {
            if (tenantIds == null || tenantIds.Length == 0
                || (tenantIds.Length == 1 && !WildcardPattern.ContainsWildcardCharacters(tenantIds[0])))
            {
                return new TenantSelection(new[] { ResolveConnection(tenantIds?[0]) }, several: false);
            }

            ConnectionStore store = Connections;
            if (store.All.Count == 0)
            {
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.NotConnected, Strings.NotConnected, string.Join(", ", tenantIds)));
            }

            var selected = new List<Connection>();
            foreach (string tenantId in tenantIds)
            {
                IEnumerable<Connection> matches;
                if (WildcardPattern.ContainsWildcardCharacters(tenantId))
                {
                    try
                    {
                        matches = store.Match(new WildcardPattern(tenantId, WildcardOptions.IgnoreCase).IsMatch);
                    }
                    catch (WildcardPatternException exception)
                    {
                        WriteError(ErrorKinds.Record(ServiceCommsErrorKind.InvalidArgument, string.Format(Strings.InvalidTenantPattern, Strings.Quote(tenantId), exception.Message), tenantId, exception));
                        continue;
                    }
                }
                else
                {
                    Connection found = store.Find(tenantId);
                    if (found == null)
                    {
                        WriteError(ErrorKinds.Record(
                            ServiceCommsErrorKind.NotConnected, string.Format(Strings.NotConnectedToTenant, Strings.Quote(tenantId), ConnectedTenantList()),
                            tenantId, category: ErrorCategory.ObjectNotFound));
                        continue;
                    }

                    matches = new[] { found };
                }

                selected.AddRange(matches.Where(match => !selected.Contains(match)));
            }

            return new TenantSelection(selected, several: true);
        }

        /// <summary>Calls <paramref name="read"/> once per selected tenant with where to write that tenant's results.</summary>
        internal void ForEachTenant(Action<TenantOutput> read)
        {
            if (!Tenants.Several)
            {
                // One tenant, as always: straight to the pipeline, with the command's own API client and its failures
                // stopping the command.
                Connection connection = Tenants.Connections[0];
                read(new TenantOutput(
                    connection, several: false, record => Deliver(record), CancellationToken, ThrowTerminatingError, Announcements));
                return;
            }

            if (Tenants.Connections.Count == 1)
            {
                // A pattern that matched one tenant: no worker, no queue; errors as for several.
                read(new TenantOutput(Tenants.Connections[0], several: true, record => Deliver(record), CancellationToken, terminate: null));
                return;
            }

            var progress = new TenantProgress(this, Tenants.Connections.Count);
            TenantFanOut.Run(
                Tenants.Connections,
                ThrottleLimit,
                (connection, emit, stopping) =>
                {
                    read(new TenantOutput(connection, several: true, emit, stopping, terminate: null));
                    emit(new TenantRecord(TenantRecordKind.TenantDone, connection));
                },
                record =>
                {
                    Deliver(record, markTenant: true);
                    if (record.Kind == TenantRecordKind.TenantDone || record.Kind == TenantRecordKind.TenantFailed)
                    {
                        progress.TenantRead();
                    }
                },
                (connection, exception) => new TenantRecord(TenantRecordKind.TenantFailed, ErrorKinds.Record(ServiceCommsErrorKind.TenantQueryFailed, string.Format(Strings.TenantQueryFailed, connection.TenantId, exception.Message), connection.TenantId, exception)),
                CancellationToken);
            progress.Complete();
        }

        /// <summary>
        /// Write-Progress for several tenants: how many have been read, once per tenant, from the pipeline thread. The
        /// lists of each tenant show no page progress of their own: their workers may not write to PowerShell.
        /// </summary>
        private sealed class TenantProgress
        {
            private readonly Cmdlet _cmdlet;
            private readonly int _total;
            private int _done;

            public TenantProgress(Cmdlet cmdlet, int total)
            {
                _cmdlet = cmdlet;
                _total = total;
            }

            public void TenantRead()
            {
                _done++;
                _cmdlet.WriteProgress(new ProgressRecord(TenantProgressActivityId, Strings.ProgressReadingTenants, string.Format(Strings.ProgressTenantsRead, _done, _total))
                {
                    PercentComplete = _done * 100 / _total,
                });
            }

            public void Complete()
            {
                if (_done > 0)
                {
                    _cmdlet.WriteProgress(new ProgressRecord(TenantProgressActivityId, Strings.ProgressReadingTenants, Strings.ProgressReadingTenants)
                    {
                        RecordType = ProgressRecordType.Completed,
                    });
                }
            }
        }
    }
}
