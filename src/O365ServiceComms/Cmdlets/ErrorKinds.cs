using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>The one place that maps a kind of failure to its stable error id and the ErrorCategory the cmdlets write.</summary>
    internal static class ErrorKinds
    {
        private static readonly Dictionary<ServiceCommsErrorKind, (string Id, ErrorCategory Category)> Table =
            new Dictionary<ServiceCommsErrorKind, (string, ErrorCategory)>
            {
                [ServiceCommsErrorKind.NotConnected] = (ErrorIds.NotConnected, ErrorCategory.ConnectionError),
                [ServiceCommsErrorKind.TenantNotConnected] = (ErrorIds.TenantNotConnected, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.InvalidArgument] = (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
                [ServiceCommsErrorKind.InvalidClientSecret] = (ErrorIds.InvalidClientSecret, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.ApplicationNotFound] = (ErrorIds.ApplicationNotFound, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.TenantNotFound] = (ErrorIds.TenantNotFound, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.SignInFailed] = (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.SignInEndpointUnreachable] = (ErrorIds.SignInEndpointUnreachable, ErrorCategory.ConnectionError),
                [ServiceCommsErrorKind.CertificateNotFound] = (ErrorIds.CertificateNotFound, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.CertificateNotReadable] = (ErrorIds.CertificateNotReadable, ErrorCategory.InvalidData),
                [ServiceCommsErrorKind.CertificateWithoutPrivateKey] = (ErrorIds.CertificateWithoutPrivateKey, ErrorCategory.InvalidArgument),
                [ServiceCommsErrorKind.CertificateExpired] = (ErrorIds.CertificateExpired, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.InvalidClientCertificate] = (ErrorIds.InvalidClientCertificate, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.ManagedIdentityUnreachable] = (ErrorIds.ManagedIdentityUnreachable, ErrorCategory.ConnectionError),
                [ServiceCommsErrorKind.ManagedIdentityFailed] = (ErrorIds.ManagedIdentityFailed, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.AccessTokenExpired] = (ErrorIds.AccessTokenExpired, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.AccessTokenRejected] = (ErrorIds.AccessTokenRejected, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.AccessTokenWrongAudience] = (ErrorIds.AccessTokenWrongAudience, ErrorCategory.InvalidArgument),
                [ServiceCommsErrorKind.ConsentRequired] = (ErrorIds.ConsentRequired, ErrorCategory.PermissionDenied),
                [ServiceCommsErrorKind.SignInRequired] = (ErrorIds.SignInRequired, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.SignInDeclined] = (ErrorIds.SignInDeclined, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.DeviceCodeExpired] = (ErrorIds.DeviceCodeExpired, ErrorCategory.OperationTimeout),
                [ServiceCommsErrorKind.InteractiveSignInUnavailable] = (ErrorIds.InteractiveSignInUnavailable, ErrorCategory.ResourceUnavailable),
                [ServiceCommsErrorKind.SignedInToOtherTenant] = (ErrorIds.SignedInToOtherTenant, ErrorCategory.SecurityError),
                [ServiceCommsErrorKind.PlainTextSecret] = (ErrorIds.PlainTextSecret, ErrorCategory.InvalidArgument),
                [ServiceCommsErrorKind.TrustedRootsNotUsable] = (ErrorIds.TrustedRootsNotUsable, ErrorCategory.InvalidArgument),
                [ServiceCommsErrorKind.PermissionMissing] = (ErrorIds.MissingPermission, ErrorCategory.PermissionDenied),
                [ServiceCommsErrorKind.Unauthorized] = (ErrorIds.Unauthorized, ErrorCategory.AuthenticationError),
                [ServiceCommsErrorKind.RequestFailed] = (ErrorIds.GraphRequestFailed, ErrorCategory.InvalidResult),
                [ServiceCommsErrorKind.NotFound] = (ErrorIds.MessageNotFound, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.ServiceNotFound] = (ErrorIds.ServiceNotFound, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.IncompleteResult] = (ErrorIds.IncompleteResult, ErrorCategory.InvalidResult),
                [ServiceCommsErrorKind.Throttled] = (ErrorIds.Throttled, ErrorCategory.LimitsExceeded),
                [ServiceCommsErrorKind.ServiceUnavailable] = (ErrorIds.ServiceUnavailable, ErrorCategory.ResourceUnavailable),
                [ServiceCommsErrorKind.ConnectionFailed] = (ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError),
                [ServiceCommsErrorKind.TimedOut] = (ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout),
                [ServiceCommsErrorKind.InvalidResponse] = (ErrorIds.ResponseNotReadable, ErrorCategory.InvalidResult),
                [ServiceCommsErrorKind.LinkRefused] = (ErrorIds.NextLinkRefused, ErrorCategory.SecurityError),
                [ServiceCommsErrorKind.ResponseTooLarge] = (ErrorIds.ResponseTooLarge, ErrorCategory.LimitsExceeded),
                [ServiceCommsErrorKind.ItemIdMismatch] = (ErrorIds.ItemIdMismatch, ErrorCategory.InvalidResult),
                [ServiceCommsErrorKind.TenantQueryFailed] = (ErrorIds.TenantQueryFailed, ErrorCategory.NotSpecified),
                [ServiceCommsErrorKind.DelegatedSignInRequired] = (ErrorIds.DelegatedSignInRequired, ErrorCategory.PermissionDenied),
                [ServiceCommsErrorKind.IncidentReportNotPublished] = (ErrorIds.IncidentReportNotPublished, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.NoAttachments] = (ErrorIds.NoAttachments, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.AttachmentNotFound] = (ErrorIds.AttachmentNotFound, ErrorCategory.ObjectNotFound),
                [ServiceCommsErrorKind.FileExists] = (ErrorIds.FileExists, ErrorCategory.ResourceExists),
                [ServiceCommsErrorKind.FileWriteFailed] = (ErrorIds.FileWriteFailed, ErrorCategory.WriteError),
                [ServiceCommsErrorKind.ViewPointNotChanged] = (ErrorIds.ViewPointNotChanged, ErrorCategory.InvalidResult),
                [ServiceCommsErrorKind.StateFileUntrusted] = (ErrorIds.StateFileUntrusted, ErrorCategory.SecurityError),
                [ServiceCommsErrorKind.StateFileReadFailed] = (ErrorIds.StateFileReadFailed, ErrorCategory.ReadError),
                [ServiceCommsErrorKind.StateFileWriteFailed] = (ErrorIds.StateFileWriteFailed, ErrorCategory.WriteError),
            };

        private static readonly Dictionary<string, ServiceCommsErrorKind> ByErrorId =
            Table.ToDictionary(entry => entry.Value.Id, entry => entry.Key, StringComparer.Ordinal);

        internal static string ErrorIdOf(ServiceCommsErrorKind kind) => Table[kind].Id;

        internal static ErrorCategory CategoryOf(ServiceCommsErrorKind kind) => Table[kind].Category;

        /// <summary>The kind of an error id written before the kinds existed (records built from an id); none for an id of no kind.</summary>
        internal static ServiceCommsErrorKind? KindOf(string errorId) =>
            errorId != null && ByErrorId.TryGetValue(errorId, out ServiceCommsErrorKind kind) ? kind : (ServiceCommsErrorKind?)null;

        /// <summary>
        /// An error record of the kind, carrying the public exception; the message is shown as it is given. Only an
        /// incomplete list passes <paramref name="category"/>: the category of the failure that cut it short.
        /// </summary>
        internal static ErrorRecord Record(
            ServiceCommsErrorKind kind, string message, object target, Exception inner = null, string graphErrorCode = null, string requestId = null,
            ErrorCategory? category = null)
        {
            var exception = new ServiceCommsException(kind, ErrorIdOf(kind), message, target, graphErrorCode, requestId, inner);
            return new ErrorRecord(exception, ErrorIdOf(kind), category ?? CategoryOf(kind), target);
        }

        /// <summary>
        /// The record with the public exception in place of whatever exception it was built with (same id, category,
        /// target and details). Records already carrying it, and ids of no kind, stay as they are.
        /// </summary>
        internal static ErrorRecord WithPublicException(ErrorRecord record)
        {
            if (record == null || record.Exception is ServiceCommsException)
            {
                return record;
            }

            string errorId = record.FullyQualifiedErrorId;
            int comma = errorId?.IndexOf(',') ?? -1;
            ServiceCommsErrorKind? kind = KindOf(comma < 0 ? errorId : errorId.Substring(0, comma));
            if (kind == null)
            {
                return record;
            }

            Exception original = record.Exception;
            Graph.GraphRequestException graph = original as Graph.GraphRequestException ?? original?.InnerException as Graph.GraphRequestException;
            var exception = new ServiceCommsException(
                kind.Value, ErrorIdOf(kind.Value), original?.Message, record.TargetObject, graph?.GraphErrorCode, graph?.RequestId, original);
            var copy = new ErrorRecord(exception, errorId, record.CategoryInfo.Category, record.TargetObject)
            {
                ErrorDetails = record.ErrorDetails,
            };
            copy.CategoryInfo.TargetName = record.CategoryInfo.TargetName;
            return copy;
        }
    }
}
