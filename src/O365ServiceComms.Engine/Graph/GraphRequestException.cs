using System;
using System.Net;

namespace O365ServiceComms.Graph
{
    /// <summary>Graph answered with an error, or its answer could not be used.</summary>
    internal sealed class GraphRequestException : Exception
    {
        public GraphRequestException(
            string message, HttpStatusCode? statusCode, ServiceCommsErrorKind kind, string graphErrorCode, string requestId, Uri requestUri, Exception inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            Kind = kind;
            GraphErrorCode = graphErrorCode;
            RequestId = requestId;
            RequestUri = requestUri;
        }

        /// <summary>The HTTP status, or none when no answer came (a network fault, no headers in time); an unreadable body keeps its answer's status.</summary>
        public HttpStatusCode? StatusCode { get; }

        /// <summary>What went wrong, decided here in the engine (the status of an error answer, or the limit a response broke).</summary>
        public ServiceCommsErrorKind Kind { get; }

        /// <summary>Graph's own error code, e.g. Forbidden or UnknownError; none where Graph gave none.</summary>
        public string GraphErrorCode { get; }

        /// <summary>Graph's request-id: support asks for it.</summary>
        public string RequestId { get; }

        public Uri RequestUri { get; }

        /// <summary>The permission the failed read needs, named by ServiceAnnouncements for its operation; none for a bare GraphClient call.</summary>
        public string Permission { get; private set; }

        /// <summary>
        /// Names the permission the failed operation needs, unless a narrower operation already did; always false, so
        /// that it can run in an exception filter and the exception goes on unchanged, with its stack.
        /// </summary>
        internal bool Needing(string permission)
        {
            Permission = Permission ?? permission;
            return false;
        }

        /// <summary>The same failure with the meaning the operation gives it (a 404 that means "no such attachment").</summary>
        internal GraphRequestException As(ServiceCommsErrorKind kind, string permission) =>
            new GraphRequestException(Message, StatusCode, kind, GraphErrorCode, RequestId, RequestUri, InnerException) { Permission = permission };

        /// <summary>The kind of an error answer with the given status.</summary>
        internal static ServiceCommsErrorKind KindOfStatus(HttpStatusCode status)
        {
            switch ((int)status)
            {
                case 401: return ServiceCommsErrorKind.Unauthorized;
                case 403: return ServiceCommsErrorKind.PermissionMissing;
                case 429: return ServiceCommsErrorKind.Throttled;
                case 503:
                case 504: return ServiceCommsErrorKind.ServiceUnavailable;
                default: return ServiceCommsErrorKind.RequestFailed;
            }
        }
    }
}
