using System;
using System.Net;

namespace O365ServiceComms.Graph
{
    /// <summary>Graph answered with an error, or its answer could not be used.</summary>
    internal sealed class GraphRequestException : Exception
    {
        public GraphRequestException(string message, HttpStatusCode? statusCode, string errorCode, string requestId, Uri requestUri, Exception inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            ErrorCode = errorCode;
            RequestId = requestId;
            RequestUri = requestUri;
        }

        /// <summary>The HTTP status, or none when no answer came (network fault, unreadable body).</summary>
        public HttpStatusCode? StatusCode { get; }

        /// <summary>Graph's error code, e.g. NotFound or UnknownError.</summary>
        public string ErrorCode { get; }

        /// <summary>Graph's request-id: support asks for it.</summary>
        public string RequestId { get; }

        public Uri RequestUri { get; }
    }
}
