using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>The connections a Get cmdlet reads, and whether the user asked for several tenants.</summary>
    internal sealed class TenantSelection
    {
        public TenantSelection(IReadOnlyList<Connection> connections, bool several)
        {
            Connections = connections;
            Several = several;
        }

        public IReadOnlyList<Connection> Connections { get; }

        /// <summary>
        /// Several values or a wildcard in -TenantId: a tenant's failure is an error naming it and the others go on.
        /// Otherwise (no -TenantId, or one tenant by name) a failure stops the command, as it always did.
        /// </summary>
        public bool Several { get; }
    }

    internal enum TenantRecordKind
    {
        Object,
        Verbose,
        Debug,
        Warning,
        Error,

        /// <summary>A ProgressRecord (only a single tenant's lists write page progress).</summary>
        Progress,

        /// <summary>A tenant's reading ended (its value is the connection).</summary>
        TenantDone,

        /// <summary>A tenant's reading ended with an unexpected exception (its value is the error record).</summary>
        TenantFailed,
    }

    /// <summary>Something a tenant's reading wrote, on its way to the pipeline thread.</summary>
    internal readonly struct TenantRecord
    {
        public TenantRecord(TenantRecordKind kind, object value)
        {
            Kind = kind;
            Value = value;
        }

        public TenantRecordKind Kind { get; }

        public object Value { get; }
    }

    /// <summary>
    /// Where one tenant's reading writes: objects, verbose and debug lines, warnings and errors, in the cmdlet's words;
    /// and the service's API to read with, logging to the same place. It never touches the cmdlet itself, so it can be
    /// used from a worker thread.
    /// </summary>
    internal sealed class TenantOutput
    {
        private readonly Action<TenantRecord> _emit;
        private readonly Action<ErrorRecord> _terminate;

        /// <param name="terminate">For a single tenant: stops the command (ThrowTerminatingError); null for several.</param>
        /// <param name="announcements">The command's own client for a single tenant; by default one logging here.</param>
        public TenantOutput(
            Connection connection, bool several, Action<TenantRecord> emit, CancellationToken cancellationToken, Action<ErrorRecord> terminate, ServiceAnnouncements announcements = null)
        {
            Connection = connection;
            Several = several;
            _emit = emit;
            _terminate = terminate;
            CancellationToken = cancellationToken;
            Announcements = announcements ?? new ServiceAnnouncements(connection, WriteVerbose, WriteDebug, WriteWarning);
        }

        public Connection Connection { get; }

        /// <summary>Called before each further page is requested: a list read side by side waits there while much is held.</summary>
        public Action WaitBeforeNextPage { get; private set; }

        /// <summary>This tenant is one of several: lines name it, and its failures do not stop the command.</summary>
        public bool Several { get; }

        /// <summary>The service communications API of this tenant, its verbose and debug lines written here.</summary>
        public ServiceAnnouncements Announcements { get; }

        /// <summary>Cancelled on Ctrl+C, and when the command stops for another reason while tenants are still read.</summary>
        public CancellationToken CancellationToken { get; }

        /// <summary>
        /// Where one of two lists read side by side (<see cref="SideBySideLists"/>) writes: the same tenant, its records
        /// (and its own client's lines) added to the list's sink, to reach this output on this output's thread.
        /// </summary>
        public TenantOutput ForList(ListSink<TenantRecord> sink) =>
            new TenantOutput(Connection, Several, sink.Add, sink.CancellationToken, terminate: null) { WaitBeforeNextPage = sink.WaitForRoom };

        /// <summary>A record as it was written elsewhere (a list read side by side): passed on unchanged.</summary>
        public void Emit(TenantRecord record) => _emit(record);

        public void WriteObject(object item) => _emit(new TenantRecord(TenantRecordKind.Object, item));

        public void WriteProgress(ProgressRecord record) => _emit(new TenantRecord(TenantRecordKind.Progress, record));

        public void WriteVerbose(string message) => _emit(new TenantRecord(TenantRecordKind.Verbose, Prefixed(message)));

        public void WriteDebug(string message) => _emit(new TenantRecord(TenantRecordKind.Debug, Prefixed(message)));

        public void WriteWarning(string message) => _emit(new TenantRecord(TenantRecordKind.Warning, Prefixed(message)));

        /// <summary>An error about one item (a service name or message id), whose message names the tenant: written as it is.</summary>
        public void WriteError(ErrorRecord record) => _emit(new TenantRecord(TenantRecordKind.Error, record));

        /// <summary>An error about the tenant's result (a list it could not read): with several tenants, the tenant is its target.</summary>
        public void WriteTenantError(ErrorRecord record) => WriteError(Several ? ForTenant(record) : record);

        /// <summary>
        /// A failure that ends this tenant's reading (sign-in, or no result at all): for a single tenant it stops the
        /// command (this call does not return); for several it is written as the tenant's error, and the caller
        /// returns while the other tenants go on.
        /// </summary>
        public void Fail(ErrorRecord record)
        {
            if (_terminate != null)
            {
                _terminate(record);
                return;
            }

            WriteTenantError(record);
        }

        private string Prefixed(string message) => Several ? string.Format(Strings.TenantLinePrefix, Connection.TenantId, message) : message;

        private ErrorRecord ForTenant(ErrorRecord record)
        {
            string tenantId = Connection.TenantId;
            string message = record.ErrorDetails?.Message ?? record.Exception.Message;
            if (message.IndexOf("'" + tenantId + "'", StringComparison.OrdinalIgnoreCase) < 0)
            {
                message = string.Format(Strings.TenantErrorPrefix, tenantId, message);
            }

            return new ErrorRecord(record.Exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, tenantId)
            {
                ErrorDetails = new ErrorDetails(message),
            };
        }
    }
}
