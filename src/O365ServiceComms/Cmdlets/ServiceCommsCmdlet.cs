using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>What every cmdlet of the module shares: cancellation on Ctrl+C, the connection, and error records.</summary>
    public abstract class ServiceCommsCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

        internal CancellationToken CancellationToken => _cancellation.Token;

        internal ConnectionStore Connections => ConnectionStore.ForCurrentRunspace();

        // The connection this command works with, once resolved: errors word their advice after its sign-in kind.
        private ServiceCommsConnection _resolved;

        protected override void StopProcessing() => _cancellation.Cancel();

        public void Dispose()
        {
            _cancellation.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The connection to the given tenant, or the latest one; stops the command when there is none.</summary>
        internal ServiceCommsConnection ResolveConnection(string tenantId)
        {
            ServiceCommsConnection connection = string.IsNullOrEmpty(tenantId) ? Connections.Current : Connections.Find(tenantId);
            if (connection == null)
            {
                string message = string.IsNullOrEmpty(tenantId)
                    ? Strings.NotConnected
                    : string.Format(Strings.NotConnectedToTenant, tenantId, ConnectedTenantList());
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException(message), ErrorIds.NotConnected, ErrorCategory.ConnectionError, tenantId));
            }

            connection.Graph.Log = WriteVerbose;
            _resolved = connection;
            return connection;
        }

        internal string ConnectedTenantList()
        {
            var tenants = Connections.All.Select(connection => connection.TenantId).ToArray();
            return tenants.Length == 0 ? "none" : string.Join(", ", tenants);
        }

        /// <summary>An error record for a failed Graph request, naming the missing permission where that is the cause.</summary>
        internal ErrorRecord GraphErrorRecord(GraphRequestException exception, string permission, object target, bool incomplete = false)
        {
            string errorId;
            ErrorCategory category;
            string message = exception.Message;
            switch (exception.StatusCode)
            {
                case HttpStatusCode.Forbidden:
                    errorId = ErrorIds.MissingPermission;
                    category = ErrorCategory.PermissionDenied;
                    message = string.Format(
                        _resolved?.IsDelegated == true ? Strings.ForbiddenDelegated : Strings.Forbidden,
                        exception.RequestUri?.AbsolutePath, permission, exception.RequestId ?? "none");
                    break;
                case HttpStatusCode.Unauthorized:
                    errorId = ErrorIds.Unauthorized;
                    category = ErrorCategory.AuthenticationError;
                    break;
                case null:
                    errorId = exception.ErrorCode == "RequestTimeout" ? "RequestTimeout" : ErrorIds.GraphRequestFailed;
                    category = exception.ErrorCode == "RequestTimeout" ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError;
                    break;
                default:
                    errorId = exception.ErrorCode == "NextLinkRefused" || exception.ErrorCode == "ResponseNotReadable"
                        ? exception.ErrorCode
                        : ErrorIds.GraphRequestFailed;
                    category = ErrorCategory.InvalidResult;
                    break;
            }

            if (incomplete)
            {
                errorId = ErrorIds.IncompleteResult;
                message = string.Format(Strings.IncompleteResult, message);
            }

            var record = new ErrorRecord(new InvalidOperationException(message, exception), errorId, category, target);
            record.ErrorDetails = new ErrorDetails(message);
            return record;
        }

        internal ErrorRecord SignInErrorRecord(SignInException exception, object target) =>
            new ErrorRecord(exception, exception.ErrorId, exception.Category, target);
    }
}
