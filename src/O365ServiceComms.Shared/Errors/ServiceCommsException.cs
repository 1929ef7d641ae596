using System;

namespace O365ServiceComms
{
    /// <summary>
    /// The exception of every error record the module writes, so that a script can
    /// <c>catch [O365ServiceComms.ServiceCommsException]</c> and read what went wrong without parsing messages.
    /// </summary>
    public sealed class ServiceCommsException : Exception
    {
        internal ServiceCommsException(
            ServiceCommsErrorKind kind, string errorId, string message, object target, string graphErrorCode, string requestId, Exception inner)
            : base(message, inner)
        {
            Kind = kind;
            ErrorId = errorId;
            Target = target;
            GraphErrorCode = graphErrorCode;
            RequestId = requestId;
        }

        /// <summary>What went wrong.</summary>
        public ServiceCommsErrorKind Kind { get; }

        /// <summary>The stable error id of the kind, as in the ErrorRecord's FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        /// <summary>What the command worked on: a message id, a tenant, a file; none where the failure concerns the whole command.</summary>
        public object Target { get; }

        /// <summary>Graph's own error code (e.g. Forbidden, UnknownError) where Graph answered with one; else none.</summary>
        public string GraphErrorCode { get; }

        /// <summary>Graph's request-id where a request was answered: Microsoft support asks for it.</summary>
        public string RequestId { get; }
    }
}
