using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace O365ServiceComms.Graph
{
    /// <summary>A file Graph is sending: its name and type from the headers, and its bytes, read once.</summary>
    internal sealed class GraphDownload : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly GraphLimits _limits;

        public GraphDownload(HttpResponseMessage response, GraphLimits limits = null)
        {
            _response = response;
            _limits = limits ?? GraphLimits.Default;
            ContentDisposition = response.Content.Headers.ContentDisposition;
            ContentType = response.Content.Headers.ContentType?.MediaType;
        }

        /// <summary>The file name the server suggests (RFC 6266 filename* first), unsanitised; null when there is none.</summary>
        public string SuggestedFileName
        {
            get
            {
                string name = ContentDisposition?.FileNameStar;
                if (string.IsNullOrWhiteSpace(name))
                {
                    name = ContentDisposition?.FileName;
                }

                return string.IsNullOrWhiteSpace(name) ? null : name.Trim().Trim('"');
            }
        }

        public string ContentType { get; }

        private ContentDispositionHeaderValue ContentDisposition { get; }

        /// <summary>
        /// Copies the body to <paramref name="destination"/>, under the idle timeout, the deadline and the download size cap
        /// of the limits: a body that stalls, drips or goes on past the cap (whatever its Content-Length said) ends with a
        /// GraphRequestException (RequestTimeout, ResponseTooLarge) before more than the cap is written. A broken transfer is
        /// a GraphRequestException; a failure to write (a full disk) is the destination's IOException, so the two are told apart.
        /// </summary>
        public void CopyTo(Stream destination, CancellationToken cancellationToken)
        {
            var buffer = new byte[81920];
            using (Stream body = Read(() => new GuardedStream(
                _response.Content.ReadAsStreamAsync().GetAwaiter().GetResult(), _limits.IdleTimeout, cancellationToken,
                _limits.ResponseDeadline, _limits.MaxDownloadBytes, limit => string.Format(Strings.DownloadTooLarge, GuardedStream.Megabytes(limit)))))
            {
                while (true)
                {
                    int count = Read(() => body.Read(buffer, 0, buffer.Length));
                    if (count == 0)
                    {
                        return;
                    }

                    destination.Write(buffer, 0, count);
                }
            }
        }

        private T Read<T>(Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception exception) when (exception is HttpRequestException || exception is IOException)
            {
                throw GraphClient.UnreadableResponse(_response, exception);
            }
        }

        public void Dispose() => _response.Dispose();
    }
}
