using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using O365ServiceComms.Session;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// Calls the service communications API of one connection. Every call runs on the caller's thread and reports
    /// through <see cref="Log"/> there, so cmdlets can write verbose output directly.
    /// </summary>
    internal sealed class GraphClient
    {
        public const string ApiPath = "v1.0/admin/serviceAnnouncement/";

        // Issues and messages allow up to 1000 items a page; asking for the maximum keeps the request count
        // (and so the API's low throttling limits) down. $top must never be used for this: it switches paging off.
        public const int MaxPageSize = 1000;

        private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(100);
        private static readonly HttpClient s_http = CreateHttpClient();
        private static readonly JsonSerializer s_serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            MissingMemberHandling = MissingMemberHandling.Ignore,
            DateParseHandling = DateParseHandling.DateTime,
            DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        });

        private readonly Uri _apiRoot;
        private readonly IAccessTokenSource _tokens;
        private readonly HttpClient _http;

        /// <param name="http">For tests; by default one HttpClient serves every connection of the process.</param>
        public GraphClient(Uri graphEndpoint, IAccessTokenSource tokens, HttpClient http = null)
        {
            _apiRoot = new Uri(EnsureTrailingSlash(graphEndpoint), ApiPath);
            _tokens = tokens;
            _http = http ?? s_http;
        }

        private GraphClient(Uri apiRoot, IAccessTokenSource tokens, HttpClient http, Action<string> log)
        {
            _apiRoot = apiRoot;
            _tokens = tokens;
            _http = http;
            Log = log;
        }

        /// <summary>
        /// The same client (endpoint, token source, HTTP connection) reporting to <paramref name="log"/>. Each command
        /// takes its own, so that two commands of one pipeline never write through each other's verbose stream.
        /// </summary>
        public GraphClient WithLog(Action<string> log) => new GraphClient(_apiRoot, _tokens, _http, log);

        /// <summary>Receives one line per request: method, URL, status, duration and request-id.</summary>
        public Action<string> Log { get; set; }

        public Uri ApiRoot => _apiRoot;

        /// <summary>One item; null when Graph answers 404.</summary>
        public T GetItemOrDefault<T>(string relativeUri, CancellationToken cancellationToken) where T : class
        {
            using (HttpResponseMessage response = Send(new Uri(_apiRoot, relativeUri), pageSize: null, cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                using (var reader = OpenJson(response))
                {
                    return ReadBody(() => s_serializer.Deserialize<T>(reader), response);
                }
            }
        }

        /// <summary>
        /// Every item of a collection, page by page: each item is handed on as soon as it is read, and the next page
        /// is requested only when the caller asks for more (so Select-Object -First stops the paging).
        /// </summary>
        public IEnumerable<T> GetCollection<T>(string relativeUri, CancellationToken cancellationToken)
        {
            Uri pageUri = new Uri(_apiRoot, relativeUri);
            while (pageUri != null)
            {
                using (HttpResponseMessage response = Send(pageUri, MaxPageSize, cancellationToken))
                {
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        throw ErrorFrom(response);
                    }

                    using (var page = new PageReader<T>(OpenJson(response), response))
                    {
                        while (page.ReadNext(out T item))
                        {
                            yield return item;
                        }

                        pageUri = page.NextLink == null ? null : CheckNextLink(page.NextLink, response);
                    }
                }
            }
        }

        /// <summary>POST an action with a JSON body (e.g. messages/markRead) and read Graph's JSON answer.</summary>
        public T PostJson<T>(string relativeUri, object body, CancellationToken cancellationToken) where T : class
        {
            var spec = new RequestSpec(HttpMethod.Post, new Uri(_apiRoot, relativeUri)) { JsonBody = JsonConvert.SerializeObject(body) };
            using (HttpResponseMessage response = Send(spec, cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    throw ErrorFrom(response);
                }

                using (var reader = OpenJson(response))
                {
                    return ReadBody(() => s_serializer.Deserialize<T>(reader), response);
                }
            }
        }

        /// <summary>A file Graph streams (an incident report, an attachments archive); any error, 404 included, is thrown.</summary>
        public GraphDownload Download(string relativeUri, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = Send(new RequestSpec(HttpMethod.Get, new Uri(_apiRoot, relativeUri)) { AnyContentType = true }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                using (response)
                {
                    throw ErrorFrom(response);
                }
            }

            return new GraphDownload(response);
        }

        private Uri CheckNextLink(string nextLink, HttpResponseMessage response)
        {
            // The bearer token goes only to the connection's own Graph endpoint, whatever a response links to.
            if (!Uri.TryCreate(nextLink, UriKind.Absolute, out Uri next)
                || Uri.Compare(next, _apiRoot, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new GraphRequestException(
                    string.Format(Strings.NextLinkRefused, SafeUri(nextLink), _apiRoot.GetLeftPart(UriPartial.Authority)),
                    response.StatusCode, "NextLinkRefused", RequestIdOf(response), response.RequestMessage?.RequestUri);
            }

            return next;
        }

        private HttpResponseMessage Send(Uri uri, int? pageSize, CancellationToken cancellationToken) =>
            Send(new RequestSpec(HttpMethod.Get, uri) { PageSize = pageSize }, cancellationToken);

        private HttpResponseMessage Send(RequestSpec spec, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = SendOnce(spec, forceNewToken: false, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // An expired or revoked token: renew it once and try again; a second 401 is reported.
                response.Dispose();
                response = SendOnce(spec, forceNewToken: true, cancellationToken);
            }

            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
            {
                using (response)
                {
                    throw ErrorFrom(response);
                }
            }

            return response;
        }

        private HttpResponseMessage SendOnce(RequestSpec spec, bool forceNewToken, CancellationToken cancellationToken)
        {
            Uri uri = spec.Uri;
            AccessToken token = _tokens.GetToken(forceNewToken, cancellationToken);
            using (var request = new HttpRequestMessage(spec.Method, uri))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                if (!spec.AnyContentType)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                }

                request.Headers.TryAddWithoutValidation("client-request-id", Guid.NewGuid().ToString());
                if (spec.PageSize != null)
                {
                    request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=" + spec.PageSize.Value);
                }

                if (spec.JsonBody != null)
                {
                    // A new content object per attempt: a retried request cannot reuse the disposed one.
                    request.Content = new StringContent(spec.JsonBody, Encoding.UTF8, "application/json");
                }

                var stopwatch = Stopwatch.StartNew();
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(s_requestTimeout);
                    HttpResponseMessage response;
                    try
                    {
                        response = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                            .GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new GraphRequestException(
                            string.Format(Strings.RequestTimedOut, SafeUri(uri.AbsoluteUri), s_requestTimeout.TotalSeconds, spec.Method),
                            null, "RequestTimeout", null, uri);
                    }
                    catch (HttpRequestException exception)
                    {
                        throw new GraphRequestException(
                            string.Format(Strings.RequestFailed, SafeUri(uri.AbsoluteUri), Innermost(exception).Message, spec.Method),
                            null, "ConnectionFailed", null, uri, exception);
                    }

                    Log?.Invoke(string.Format(
                        "{5} {0} -> {1} {2} ({3} ms, request-id {4})",
                        SafeUri(uri.AbsoluteUri), (int)response.StatusCode, response.ReasonPhrase,
                        stopwatch.ElapsedMilliseconds, RequestIdOf(response) ?? "none", spec.Method));
                    return response;
                }
            }
        }

        private static JsonTextReader OpenJson(HttpResponseMessage response)
        {
            Stream stream = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
            return new JsonTextReader(new StreamReader(stream, Encoding.UTF8)) { DateParseHandling = DateParseHandling.DateTime, DateTimeZoneHandling = DateTimeZoneHandling.Utc };
        }

        private static T ReadBody<T>(Func<T> read, HttpResponseMessage response)
        {
            try
            {
                return read();
            }
            catch (Exception exception) when (exception is JsonException || exception is IOException)
            {
                throw UnreadableResponse(response, exception);
            }
        }

        internal static GraphRequestException UnreadableResponse(HttpResponseMessage response, Exception exception) =>
            new GraphRequestException(
                string.Format(Strings.ResponseNotReadable, SafeUri(response.RequestMessage?.RequestUri?.AbsoluteUri), exception.Message, MethodOf(response)),
                response.StatusCode, "ResponseNotReadable", RequestIdOf(response), response.RequestMessage?.RequestUri, exception);

        private static GraphRequestException ErrorFrom(HttpResponseMessage response)
        {
            string body = string.Empty;
            try
            {
                body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            }
            catch (Exception exception) when (exception is IOException || exception is HttpRequestException)
            {
                // The status code says enough.
            }

            GraphError error = null;
            try
            {
                error = JsonConvert.DeserializeObject<GraphErrorBody>(body)?.Error;
            }
            catch (JsonException)
            {
                // Not Graph's error shape (a proxy's page, a cut-off body): report the status alone.
            }

            string requestId = error?.InnerError?.RequestId ?? RequestIdOf(response);
            Uri uri = response.RequestMessage?.RequestUri;
            string detail = string.IsNullOrWhiteSpace(error?.Message) ? response.ReasonPhrase : error.Message;
            string message = string.Format(
                Strings.GraphError, (int)response.StatusCode, error?.Code ?? response.StatusCode.ToString(), detail,
                SafeUri(uri?.AbsoluteUri), requestId ?? "none", MethodOf(response));
            return new GraphRequestException(message, response.StatusCode, error?.Code, requestId, uri);
        }

        private static string MethodOf(HttpResponseMessage response) => response.RequestMessage?.Method.Method ?? "GET";

        internal static string RequestIdOf(HttpResponseMessage response) =>
            response.Headers.TryGetValues("request-id", out IEnumerable<string> values) ? values.FirstOrDefault() : null;

        // Paging links carry opaque tokens; they are shown, but shortened so error messages stay readable.
        private static string SafeUri(string uri) =>
            uri == null ? string.Empty : uri.Length > 300 ? uri.Substring(0, 300) + "..." : uri;

        private static Exception Innermost(Exception exception)
        {
            while (exception.InnerException != null)
            {
                exception = exception.InnerException;
            }

            return exception;
        }

        private static Uri EnsureTrailingSlash(Uri uri) =>
            uri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");

        private static HttpClient CreateHttpClient()
        {
            var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate })
            {
                // Each request has its own timeout (see SendOnce), which can tell a timeout from Ctrl+C.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("O365ServiceComms", typeof(GraphClient).Assembly.GetName().Version.ToString(3)));
            return client;
        }

        /// <summary>What one request is: method, URL and what goes with it.</summary>
        private sealed class RequestSpec
        {
            public RequestSpec(HttpMethod method, Uri uri)
            {
                Method = method;
                Uri = uri;
            }

            public HttpMethod Method { get; }

            public Uri Uri { get; }

            public int? PageSize { get; set; }

            public string JsonBody { get; set; }

            /// <summary>For file downloads: no Accept: application/json.</summary>
            public bool AnyContentType { get; set; }
        }

        /// <summary>Reads a collection page as a stream: one item at a time, and the next link wherever it stands.</summary>
        private sealed class PageReader<T> : IDisposable
        {
            private readonly JsonTextReader _reader;
            private readonly HttpResponseMessage _response;
            private bool _inValue;
            private bool _done;

            public PageReader(JsonTextReader reader, HttpResponseMessage response)
            {
                _reader = reader;
                _response = response;
            }

            public string NextLink { get; private set; }

            public bool ReadNext(out T item)
            {
                item = default;
                try
                {
                    return _done ? false : Advance(out item);
                }
                catch (Exception exception) when (exception is JsonException || exception is IOException || exception is HttpRequestException)
                {
                    throw UnreadableResponse(_response, exception);
                }
            }

            private bool Advance(out T item)
            {
                item = default;
                if (_reader.TokenType == JsonToken.None)
                {
                    if (!_reader.Read() || _reader.TokenType != JsonToken.StartObject)
                    {
                        throw new JsonReaderException("The response is not a JSON object.");
                    }
                }

                while (true)
                {
                    if (_inValue)
                    {
                        if (!_reader.Read())
                        {
                            throw new JsonReaderException("The response ended inside the value array.");
                        }

                        if (_reader.TokenType == JsonToken.EndArray)
                        {
                            _inValue = false;
                            continue;
                        }

                        item = s_serializer.Deserialize<T>(_reader);
                        return true;
                    }

                    if (!_reader.Read())
                    {
                        throw new JsonReaderException("The response ended before its closing brace.");
                    }

                    if (_reader.TokenType == JsonToken.EndObject && _reader.Depth == 0)
                    {
                        _done = true;
                        return false;
                    }

                    if (_reader.TokenType != JsonToken.PropertyName)
                    {
                        throw new JsonReaderException("Unexpected " + _reader.TokenType + " in the response.");
                    }

                    string name = (string)_reader.Value;
                    if (name == "value")
                    {
                        if (!_reader.Read() || _reader.TokenType != JsonToken.StartArray)
                        {
                            throw new JsonReaderException("The response's value is not an array.");
                        }

                        _inValue = true;
                    }
                    else if (name == "@odata.nextLink")
                    {
                        NextLink = _reader.ReadAsString();
                    }
                    else
                    {
                        _reader.Read();
                        _reader.Skip();
                    }
                }
            }

            public void Dispose() => ((IDisposable)_reader).Dispose();
        }
    }
}
