using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using O365ServiceComms.Text;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>What every cmdlet of the module shares: cancellation on Ctrl+C, the connection, and error records.</summary>
    public abstract class ServiceCommsCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        internal CancellationToken CancellationToken => _cancellation.Token;

        /// <summary>The connections of the current runspace: each PowerShell session signs in on its own.</summary>
        internal static ConnectionStore SessionConnections => ConnectionStore.ForSession(Runspace.DefaultRunspace);

        internal ConnectionStore Connections => SessionConnections;

        /// <summary>The service communications API of this command's connection, logging to this command's verbose and debug streams; set by ResolveConnection.</summary>
        internal ServiceAnnouncements Announcements { get; private set; }

        // The connection this command works with, once resolved: errors word their advice after its sign-in kind.
        private Connection _resolved;

        protected override void StopProcessing() => _cancellation.Cancel();

        // Every step runs through StopOnCancel, so that Ctrl+C ends any cmdlet as a pipeline stop, leaving no error in $Error.
        protected sealed override void BeginProcessing() => StopOnCancel(BeginCommand);

        protected sealed override void ProcessRecord() => StopOnCancel(ProcessInput);

        protected sealed override void EndProcessing() => StopOnCancel(EndCommand);

        /// <summary>The cmdlet's BeginProcessing.</summary>
        protected virtual void BeginCommand()
        {
        }

        /// <summary>The cmdlet's ProcessRecord.</summary>
        protected virtual void ProcessInput()
        {
        }

        /// <summary>The cmdlet's EndProcessing.</summary>
        protected virtual void EndCommand()
        {
        }

        private void StopOnCancel(Action step)
        {
            try
            {
                step();
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        // Every message meant for people goes through these: server text in them (titles, file names, Graph's error
        // messages) must not reach the terminal as escape sequences. Written objects keep the true values.

        /// <summary>Write-Verbose with control characters made visible (see DisplayText).</summary>
        public new void WriteVerbose(string text) => base.WriteVerbose(DisplayText.ForPeople(text));

        /// <summary>Write-Warning with control characters made visible.</summary>
        public new void WriteWarning(string text) => base.WriteWarning(DisplayText.ForPeople(text));

        /// <summary>Write-Debug with control characters made visible.</summary>
        public new void WriteDebug(string text) => base.WriteDebug(DisplayText.ForPeople(text));

        /// <summary>Write-Error with the message shown made safe; the exception keeps the original.</summary>
        public new void WriteError(ErrorRecord errorRecord) => base.WriteError(ForPeople(errorRecord));

        /// <summary>A terminating error with the message shown made safe.</summary>
        public new void ThrowTerminatingError(ErrorRecord errorRecord) => base.ThrowTerminatingError(ForPeople(errorRecord));

        /// <summary>The record, showing its message and target with control characters made visible where it had any.</summary>
        internal static ErrorRecord ForPeople(ErrorRecord record)
        {
            if (record == null)
            {
                return null;
            }

            string shown = record.ErrorDetails?.Message ?? record.Exception?.Message;
            string safe = DisplayText.ForPeople(shown);
            if (!ReferenceEquals(safe, shown))
            {
                record.ErrorDetails = new ErrorDetails(safe) { RecommendedAction = record.ErrorDetails?.RecommendedAction };
            }

            string target = record.CategoryInfo.TargetName;
            string safeTarget = DisplayText.ForPeople(target);
            if (!ReferenceEquals(safeTarget, target))
            {
                record.CategoryInfo.TargetName = safeTarget;
            }

            return record;
        }

        /// <summary>Writes what a reading on another thread produced (see TenantRecord), from the pipeline thread.</summary>
        /// <param name="markTenant">Rows of several tenants: the default views show their TenantId.</param>
        internal void Deliver(TenantRecord record, bool markTenant = false)
        {
            switch (record.Kind)
            {
                case TenantRecordKind.Object:
                    WriteObject(markTenant ? TenantColumn.Mark(record.Value) : record.Value);
                    break;
                case TenantRecordKind.Verbose:
                    WriteVerbose((string)record.Value);
                    break;
                case TenantRecordKind.Debug:
                    WriteDebug((string)record.Value);
                    break;
                case TenantRecordKind.Warning:
                    WriteWarning((string)record.Value);
                    break;
                case TenantRecordKind.Progress:
                    WriteProgress((ProgressRecord)record.Value);
                    break;
                case TenantRecordKind.Error:
                case TenantRecordKind.TenantFailed:
                    WriteError((ErrorRecord)record.Value);
                    break;
            }
        }

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The connection to the given tenant, or the latest one; stops the command when there is none.</summary>
        internal Connection ResolveConnection(string tenantId)
        {
            Connection connection = string.IsNullOrEmpty(tenantId) ? Connections.Current : Connections.Find(tenantId);
            if (connection == null)
            {
                string message = string.IsNullOrEmpty(tenantId)
                    ? Strings.NotConnected
                    : string.Format(Strings.NotConnectedToTenant, tenantId, ConnectedTenantList());
                ThrowTerminatingError(ErrorKinds.Record(ServiceCommsErrorKind.NotConnected, message, tenantId));
            }

            Announcements = new ServiceAnnouncements(connection, WriteVerbose, WriteDebug, WriteWarning);
            _resolved = connection;
            return connection;
        }

        internal string ConnectedTenantList()
        {
            var tenants = Connections.All.Select(connection => connection.TenantId).ToArray();
            return tenants.Length == 0 ? "none" : string.Join(", ", tenants);
        }

        /// <summary>
        /// An error record for a failed Graph request, naming the missing permission (the one the engine says the read
        /// needs) where that is the cause.
        /// With <paramref name="incomplete"/>, items of the list were already written: the record says how many.
        /// </summary>
        internal ErrorRecord GraphErrorRecord(GraphRequestException exception, object target, bool incomplete = false, int itemsReturned = 0) =>
            GraphErrorRecord(_resolved, exception, target, incomplete, itemsReturned);

        /// <summary>The same for the given connection (its sign-in kind words the advice); callable from any thread.</summary>
        internal static ErrorRecord GraphErrorRecord(
            Connection connection, GraphRequestException exception, object target, bool incomplete = false, int itemsReturned = 0)
        {
            ServiceCommsErrorKind kind = exception.Kind;
            string message = exception.Message;
            if (kind == ServiceCommsErrorKind.PermissionMissing)
            {
                message = string.Format(
                    connection?.IsDelegated == true ? Strings.ForbiddenDelegated : Strings.Forbidden,
                    exception.RequestUri?.AbsolutePath, exception.Permission, exception.RequestId ?? "none");
            }
            else if (kind == ServiceCommsErrorKind.Unauthorized)
            {
                message = string.Format(Strings.UnauthorizedAfterRenewal, message);
            }

            ErrorRecord record;
            if (incomplete)
            {
                // The id says the list is incomplete; the category still says why (SecurityError for a refused link ...).
                message = string.Format(Strings.IncompleteResultAfterItems, target, itemsReturned, message);
                record = ErrorKinds.Record(
                    ServiceCommsErrorKind.IncompleteResult, message, target, exception, exception.GraphErrorCode, exception.RequestId, ErrorKinds.CategoryOf(kind));
            }
            else
            {
                record = ErrorKinds.Record(kind, message, target, exception, exception.GraphErrorCode, exception.RequestId);
            }

            record.ErrorDetails = new ErrorDetails(message);
            return record;
        }

        internal static ErrorRecord SignInErrorRecord(SignInException exception, object target) =>
            ErrorKinds.Record(exception.Kind, exception.Message, target, exception);
    }
}
