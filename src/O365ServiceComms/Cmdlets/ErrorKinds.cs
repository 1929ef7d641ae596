using System;
using System.Collections.Generic;
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

        internal static string ErrorIdOf(ServiceCommsErrorKind kind) => Table[kind].Id;

        internal static ErrorCategory CategoryOf(ServiceCommsErrorKind kind) => Table[kind].Category;

        /// <summary>
        /// An error record of the kind, carrying the public exception; the message is shown as it is given. Every record
        /// the module writes is made here. <paramref name="category"/> is for the few records whose category says more
        /// than their kind's: an incomplete list (the failure that cut it short), a tenant named but not connected.
        /// </summary>
        internal static ErrorRecord Record(
            ServiceCommsErrorKind kind, string message, object target, Exception inner = null, string graphErrorCode = null, string requestId = null,
            ErrorCategory? category = null)
        {
            var exception = new ServiceCommsException(kind, ErrorIdOf(kind), message, target, graphErrorCode, requestId, inner);
            return new ErrorRecord(exception, ErrorIdOf(kind), category ?? CategoryOf(kind), target);
        }

        /// <summary>A file the command writes could not be written: the file and the reason.</summary>
        internal static ErrorRecord FileWriteFailed(string path, Exception exception) =>
            Record(ServiceCommsErrorKind.FileWriteFailed, string.Format(Strings.FileWriteFailed, path, exception.Message), path, exception);
    }
}
