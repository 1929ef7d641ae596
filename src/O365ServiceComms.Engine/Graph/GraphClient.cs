using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using O365ServiceComms.Net;
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

        /// <summary>How long to wait for an answer's headers, and for each further piece of its body.</summary>
        public static readonly TimeSpan DefaultRequestTimeout = GraphLimits.Default.IdleTimeout;

        // A page with a next link but no item may happen now and then; this many in a row are taken for a loop.
        private const int MaxEmptyPagesInARow = 3;

        // Error bodies are small; a proxy's endless page is not read to its end.
        private const int MaxErrorBodyChars = 64 * 1024;

        // The latest renewal of each token source (a connection's), shared by every client copy of it (WithLog).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IAccessTokenSource, TokenRenewal> s_renewals =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IAccessTokenSource, TokenRenewal>();

        private readonly Uri _apiRoot;
        private readonly IAccessTokenSource _tokens;
        private readonly HttpClient _http;
        private readonly HttpClient _downloadHttp;
        private readonly RetryPolicy _retry;

        // Set when an environment variable of GraphLimits is invalid: every request reports it instead of being sent.
        private string _limitsError;

        /// <param name="http">By default the module's HttpClient (<see cref="HttpTransport"/>), shared by every connection of the process.</param>
        /// <param name="retryPolicy">For tests (no real waits); by default the module's policy.</param>
        /// <param name="downloadHttp">For files: an HttpClient that never inflates (<see cref="HttpTransport.Download"/>); by default <paramref name="http"/> when given.</param>
        public GraphClient(Uri graphEndpoint, IAccessTokenSource tokens, HttpClient http = null, RetryPolicy retryPolicy = null, HttpClient downloadHttp = null)
        {
            _apiRoot = new Uri(EnsureTrailingSlash(graphEndpoint), ApiPath);
            _tokens = tokens;
            _http = http ?? HttpTransport.FromEnvironment().Graph;
            _downloadHttp = downloadHttp ?? http ?? HttpTransport.FromEnvironment().Download;
            _retry = retryPolicy ?? new RetryPolicy();
        }

        private GraphClient(GraphClient source, Action<string> log, Action<string> debugLog, Action<string> warning)
        {
            _apiRoot = source._apiRoot;
            _tokens = source._tokens;
            _http = source._http;
            _downloadHttp = source._downloadHttp;
            _retry = source._retry;
            try
            {
                Limits = GraphLimits.FromEnvironment();
            }
            catch (ArgumentException exception)
            {
                Limits = GraphLimits.Default;
                _limitsError = exception.Message;
            }

            Log = log;
            DebugLog = debugLog;
            Warning = warning;
        }

        /// <summary>
        /// The same client (endpoint, token source, HTTP connection, retry policy) reporting to <paramref name="log"/>,
        /// <paramref name="debugLog"/> and <paramref name="warning"/>, with the limits the environment sets now
        /// (<see cref="GraphLimits.FromEnvironment"/>). Each command takes its own, so that two commands of one pipeline
        /// never write through each other's verbose stream, and a changed limit counts from the next command on.
        /// </summary>
        public GraphClient WithLog(Action<string> log, Action<string> debugLog = null, Action<string> warning = null) =>
            new GraphClient(this, log, debugLog, warning);

        /// <summary>
        /// Receives one line per request (method, URL, status, duration and request-id) and one per retry or wait.
        /// Called on the caller's thread.
        /// </summary>
        public Action<string> Log { get; set; }

        /// <summary>Receives the headers of each request (never Authorization's value) and response.</summary>
        public Action<string> DebugLog { get; set; }

        /// <summary>
        /// Receives what the caller should warn about although the list goes on: an empty (null) entry of a page,
        /// skipped, with the page's URL. Called on the caller's thread.
        /// </summary>
        public Action<string> Warning { get; set; }

        /// <summary>Idle timeout, deadline and size caps of each answer, pages per list.</summary>
        public GraphLimits Limits { get; set; } = GraphLimits.Default;

        /// <summary>The idle timeout of <see cref="Limits"/>.</summary>
        public TimeSpan RequestTimeout
        {
            get => Limits.IdleTimeout;
            set => Limits = Limits.WithIdleTimeout(value);
        }

        public Uri ApiRoot => _apiRoot;

        /// <summary>
        /// One item; null when Graph answers 404. An unreadable answer is asked for once more, within the deadline,
        /// which counts the time of both readings' bodies.
        /// </summary>
        public T GetItemOrDefault<T>(string relativeUri, CancellationToken cancellationToken) where T : class
        {
            Uri uri = new Uri(_apiRoot, relativeUri);
            var bodyClock = new Stopwatch();
            for (int read = 1; ; read++)
            {
                using (HttpResponseMessage response = Send(uri, pageSize: null, cancellationToken))
                {
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return null;
                    }

                    try
                    {
                        using (var reader = OpenJson(response, cancellationToken, bodyClock))
                        {
                            return ReadBody(() => GraphItemReader.Read<T>(reader, GraphJson.Serializer) ?? throw new JsonReaderException(Strings.ResponseEmpty), response);
                        }
                    }
                    catch (GraphRequestException exception) when (exception.Kind == ServiceCommsErrorKind.InvalidResponse || exception.Kind == ServiceCommsErrorKind.TimedOut)
                    {
                        if (bodyClock.Elapsed >= Limits.ResponseDeadline)
                        {
                            throw;
                        }

                        if (read > 1)
                        {
                            throw WithMessage(exception, Sentence(exception.Message) + " " + Strings.ReadFailedTwice);
                        }

                        Log?.Invoke(string.Format(Strings.ReRequestingItem, Sentence(exception.Message)));
                    }
                }
            }
        }

        /// <summary>
        /// Every item of a collection, page by page: each item is handed on as soon as it is read, and the next page
        /// is requested only when the caller asks for more (so Select-Object -First stops the paging).
        /// A page that breaks off is asked for once more, and the items already handed on from it are skipped:
        /// pages are deterministic by their URL, so nothing is returned twice or lost.
        /// A list that goes round in a loop ends with an IncompleteResult error: a next link to a page already read, a
        /// page that brings only items already returned (or, several times in a row, none at all), more pages than
        /// <see cref="GraphLimits.MaxPagesPerList"/>. An item that comes twice is handed on once; an empty (null) entry
        /// is skipped, with a <see cref="Warning"/> naming the page.
        /// </summary>
        /// <param name="beforeNextPage">Called with the number of each page after the first before it is requested.</param>
        public IEnumerable<T> GetCollection<T>(string relativeUri, CancellationToken cancellationToken, Action<int> beforeNextPage = null)
        {
            Uri pageUri = new Uri(_apiRoot, relativeUri);
            var pagesRead = new HashSet<string>(StringComparer.Ordinal) { pageUri.AbsoluteUri };
            var idsSeen = new HashSet<string>(StringComparer.Ordinal);
            int pageNumber = 1;
            int pagesWithoutItemsInARow = 0;
            while (pageUri != null)
            {
                if (pageNumber > 1)
                {
                    beforeNextPage?.Invoke(pageNumber);
                }

                // Entries of this page read so far (items handed on, repeats and null entries skipped), and new items.
                int entriesRead = 0;
                int newItems = 0;

                // The deadline counts the body time of both readings of a page, so a page that drips ends within it.
                var bodyClock = new Stopwatch();
                for (int read = 1; ; read++)
                {
                    HttpResponseMessage response = Send(pageUri, MaxPageSize, cancellationToken);
                    PageReader<T> page = null;
                    GraphRequestException failure = null;
                    try
                    {
                        if (response.StatusCode == HttpStatusCode.NotFound)
                        {
                            throw ErrorFrom(response, cancellationToken);
                        }

                        try
                        {
                            page = PageReader<T>.Open(OpenBody(response, cancellationToken, bodyClock), response);
                        }
                        catch (Exception exception) when (exception is IOException || exception is HttpRequestException)
                        {
                            failure = UnreadableResponse(response, exception);
                        }

                        failure = failure ?? page.Skip(entriesRead);
                        while (failure == null && page.TryReadNext(out T item, out failure))
                        {
                            entriesRead++;
                            if (item == null)
                            {
                                Warning?.Invoke(string.Format(Strings.NullEntrySkipped, SafeUri(pageUri.AbsoluteUri)));
                                continue;
                            }

                            string id = ItemIds<T>.Of(item);
                            if (id != null && !idsSeen.Add(id))
                            {
                                Log?.Invoke(string.Format(Strings.DuplicateItemSkipped, id, pageNumber));
                                continue;
                            }

                            newItems++;
                            yield return item;
                        }

                        if (failure == null)
                        {
                            pageUri = page.NextLink == null ? null : CheckNextLink(page.NextLink, response);
                            if (pageUri != null)
                            {
                                CheckForLoop(pageUri, response, pageNumber, entriesRead, newItems, pagesRead, ref pagesWithoutItemsInARow);
                            }

                            break;
                        }
                    }
                    finally
                    {
                        page?.Dispose();
                        response.Dispose();
                    }

                    if (read > 1 || failure.Kind == ServiceCommsErrorKind.ResponseTooLarge || bodyClock.Elapsed >= Limits.ResponseDeadline)
                    {
                        throw read > 1 ? WithMessage(failure, Sentence(failure.Message) + " " + Strings.ReadFailedTwice) : failure;
                    }

                    Log?.Invoke(string.Format(Strings.ReRequestingPage, Sentence(failure.Message), entriesRead));
                }

                pageNumber++;
            }
        }

        /// <summary>Ends a list whose next page would repeat what was read, or that has too many pages.</summary>
        private void CheckForLoop(
            Uri next, HttpResponseMessage response, int pagesDone, int entriesRead, int newItems, HashSet<string> pagesRead, ref int pagesWithoutItemsInARow)
        {
            string message = null;
            if (!pagesRead.Add(next.AbsoluteUri))
            {
                message = string.Format(Strings.NextLinkRepeated, SafeUri(next.AbsoluteUri), pagesDone);
            }
            else if ((entriesRead > 0 && newItems == 0) || (entriesRead == 0 && ++pagesWithoutItemsInARow >= MaxEmptyPagesInARow))
            {
                message = string.Format(Strings.PageWithoutNewItems, SafeUri(response.RequestMessage?.RequestUri?.AbsoluteUri), pagesDone);
            }
            else if (pagesDone >= Limits.MaxPagesPerList)
            {
                message = string.Format(Strings.TooManyPages, Limits.MaxPagesPerList);
            }

            if (entriesRead > 0)
            {
                pagesWithoutItemsInARow = 0;
            }

            if (message != null)
            {
                throw new GraphRequestException(
                    message + " " + string.Format(Strings.RequestIdSuffix, RequestIdOf(response) ?? "none"),
                    response.StatusCode, ServiceCommsErrorKind.IncompleteResult, null, RequestIdOf(response), response.RequestMessage?.RequestUri);
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
                    throw ErrorFrom(response, cancellationToken);
                }

                using (var reader = OpenJson(response, cancellationToken))
                {
                    return ReadBody(() => GraphItemReader.Read<T>(reader, GraphJson.Serializer), response);
                }
            }
        }

        /// <summary>A file Graph streams (an incident report, an attachments archive); any error, 404 included, is thrown.</summary>
        /// <remarks>
        /// The file is asked for as it is (Accept-Encoding: identity) on a connection that never inflates: a file sent
        /// encoded anyway is refused, as is one announced (Content-Length) larger than <see cref="GraphLimits.MaxDownloadBytes"/>.
        /// Its body is read under the idle timeout, the deadline and the size cap of <see cref="Limits"/>.
        /// </remarks>
        public GraphDownload Download(string relativeUri, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = Send(new RequestSpec(HttpMethod.Get, new Uri(_apiRoot, relativeUri)) { AnyContentType = true, IsDownload = true }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                using (response)
                {
                    throw ErrorFrom(response, cancellationToken);
                }
            }

            string refusal = null;
            ServiceCommsErrorKind kind = ServiceCommsErrorKind.InvalidResponse;
            string encoding = response.Content.Headers.ContentEncoding.FirstOrDefault(value => !string.Equals(value, "identity", StringComparison.OrdinalIgnoreCase));
            if (encoding != null)
            {
                refusal = string.Format(Strings.DownloadEncoded, encoding);
            }
            else if (response.Content.Headers.ContentLength > Limits.MaxDownloadBytes)
            {
                refusal = string.Format(Strings.DownloadAnnouncedTooLarge, response.Content.Headers.ContentLength, GuardedStream.Megabytes(Limits.MaxDownloadBytes));
                kind = ServiceCommsErrorKind.ResponseTooLarge;
            }

            if (refusal != null)
            {
                using (response)
                {
                    throw UnreadableResponse(response, new ResponseLimitException(refusal, kind));
                }
            }

            return new GraphDownload(response, Limits);
        }

        private Uri CheckNextLink(string nextLink, HttpResponseMessage response)
        {
            // The bearer token goes only to the connection's own Graph endpoint, whatever a response links to.
            if (!Uri.TryCreate(nextLink, UriKind.Absolute, out Uri next)
                || Uri.Compare(next, _apiRoot, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new GraphRequestException(
                    string.Format(Strings.NextLinkRefused, SafeUri(nextLink), _apiRoot.GetLeftPart(UriPartial.Authority)),
                    response.StatusCode, ServiceCommsErrorKind.LinkRefused, null, RequestIdOf(response), response.RequestMessage?.RequestUri);
            }

            return next;
        }

        private HttpResponseMessage Send(Uri uri, int? pageSize, CancellationToken cancellationToken) =>
            Send(new RequestSpec(HttpMethod.Get, uri) { PageSize = pageSize }, cancellationToken);

        /// <summary>
        /// Sends the request until it succeeds (or Graph answers 404), as the retry policy allows: a 401 gets one
        /// new token and one retry; 429, 503, 504, network faults and timeouts are retried after the policy's wait.
        /// </summary>
        private HttpResponseMessage Send(RequestSpec spec, CancellationToken cancellationToken)
        {
            if (_limitsError != null)
            {
                // Not a passing fault: reported before anything is sent, never retried.
                throw new GraphRequestException(_limitsError, null, ServiceCommsErrorKind.InvalidArgument, null, null, spec.Uri);
            }

            Stopwatch clock = Stopwatch.StartNew();
            TimeSpan retryAfterWaits = TimeSpan.Zero;
            bool tokenRenewed = false;
            bool renewToken = false;
            string tokenSent = null;
            int attempt = 0;
            while (true)
            {
                attempt++;
                HttpResponseMessage response = null;
                GraphRequestException failure = null;
                RetryConditionHeaderValue retryAfter = null;
                try
                {
                    response = SendOnce(spec, renewToken ? tokenSent : null, cancellationToken, out tokenSent);
                }
                catch (GraphRequestException exception) when (exception.StatusCode == null && !IsCertificateFailure(exception))
                {
                    // No answer: the connection failed or the request timed out. An untrusted certificate is no
                    // passing fault, so it is reported at once.
                    failure = exception;
                }

                renewToken = false;
                if (response != null)
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized && !tokenRenewed)
                    {
                        // An expired or revoked token: renew it once and try again; a second 401 is reported.
                        response.Dispose();
                        tokenRenewed = renewToken = true;
                        attempt--;
                        Log?.Invoke(Strings.RenewingToken);
                        continue;
                    }

                    if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return response;
                    }

                    using (response)
                    {
                        failure = ErrorFrom(response, cancellationToken);
                        if (!RetryPolicy.IsRetryable(response.StatusCode))
                        {
                            throw failure;
                        }

                        retryAfter = response.Headers.RetryAfter;
                    }
                }

                RetryDecision decision = _retry.Decide(attempt, failure.StatusCode, retryAfter, clock.Elapsed - retryAfterWaits, Limits.FirstBackOff);
                if (!decision.Retry)
                {
                    throw WithMessage(failure, Sentence(failure.Message) + " " + decision.Reason);
                }

                Log?.Invoke(string.Format(
                    decision.FromRetryAfter ? Strings.RetryAfterWait : Strings.RetryBackOffWait,
                    Sentence(failure.Message), FormatSeconds(decision.Delay), attempt + 1, RetryPolicy.MaxAttempts));
                _retry.Sleep(decision.Delay, cancellationToken);
                if (decision.FromRetryAfter)
                {
                    retryAfterWaits += decision.Delay;
                }
            }
        }

        private AccessToken RenewedToken(string rejectedToken, CancellationToken cancellationToken)
        {
            // One renewal per rejected token, however many requests of the connection it failed at once (two lists
            // read side by side): the later ones take the token the first renewal brought.
            // The renewal itself holds no lock: a request waiting for it stops at its own Ctrl+C.
            TokenRenewal renewal = s_renewals.GetValue(_tokens, _ => new TokenRenewal());
            lock (renewal)
            {
                if (renewal.Rejected == rejectedToken)
                {
                    return renewal.Issued;
                }
            }

            return renewal.Run.Run(
                () =>
                {
                    AccessToken issued = _tokens.GetToken(true, cancellationToken);
                    lock (renewal)
                    {
                        renewal.Issued = issued;
                        renewal.Rejected = rejectedToken;
                    }

                    return issued;
                },
                cancellationToken);
        }

        /// <param name="rejectedToken">The token a 401 answered: a new one is needed, unless another request of this
        /// connection (a list read side by side) has renewed it meanwhile, whose new token is taken instead.</param>
        private HttpResponseMessage SendOnce(RequestSpec spec, string rejectedToken, CancellationToken cancellationToken, out string tokenSent)
        {
            Uri uri = spec.Uri;
            AccessToken token = rejectedToken == null ? _tokens.GetToken(false, cancellationToken) : RenewedToken(rejectedToken, cancellationToken);
            tokenSent = token.Value;
            using (var request = new HttpRequestMessage(spec.Method, uri))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
                if (!spec.AnyContentType)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                }

                if (spec.IsDownload)
                {
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
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

                HttpClient http = spec.IsDownload ? _downloadHttp : _http;
                DebugLog?.Invoke(string.Format(Strings.DebugRequestHeaders, SafeUri(uri.AbsoluteUri), DescribeHeaders(http.DefaultRequestHeaders.Concat(request.Headers)), spec.Method));
                var stopwatch = Stopwatch.StartNew();
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(RequestTimeout);
                    HttpResponseMessage response;
                    try
                    {
                        response = Await(http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token), timeout.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new GraphRequestException(
                            string.Format(Strings.RequestTimedOut, SafeUri(uri.AbsoluteUri), RequestTimeout.TotalSeconds, spec.Method),
                            null, ServiceCommsErrorKind.TimedOut, null, null, uri);
                    }
                    catch (HttpRequestException exception)
                    {
                        throw new GraphRequestException(
                            string.Format(Strings.RequestFailed, SafeUri(uri.AbsoluteUri), Innermost(exception).Message, spec.Method)
                            + (IsCertificateFailure(exception) ? Strings.UntrustedCertificateHint : string.Empty),
                            null, ServiceCommsErrorKind.ConnectionFailed, null, null, uri, exception);
                    }

                    Log?.Invoke(string.Format(
                        "{5} {0} -> {1} {2} ({3} ms, request-id {4})",
                        SafeUri(uri.AbsoluteUri), (int)response.StatusCode, response.ReasonPhrase,
                        stopwatch.ElapsedMilliseconds, RequestIdOf(response) ?? "none", spec.Method));
                    DebugLog?.Invoke(string.Format(Strings.DebugResponseHeaders, (int)response.StatusCode,
                        DescribeHeaders(response.Headers.Concat(response.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))));
                    return response;
                }
            }
        }

        // The value of Authorization is never shown, whatever the caller's -Debug.
        private static string DescribeHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
            string.Join("; ", headers.Select(header => header.Key + ": " +
                (string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase)
                    ? Strings.HiddenHeaderValue
                    : string.Join(", ", header.Value))));

        /// <summary>Waits for the task on this thread; Ctrl+C (or a timeout) ends the wait even if the task ignores it.</summary>
        private static T Await<T>(Task<T> task, CancellationToken cancellationToken)
        {
            try
            {
                task.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // A response that still arrives is disposed, so its connection goes back to the pool.
                task.ContinueWith(
                    finished => (finished.Result as IDisposable)?.Dispose(),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                throw;
            }
            catch (AggregateException exception)
            {
                ExceptionDispatchInfo.Capture(exception.InnerException ?? exception).Throw();
            }

            return task.Result;
        }

        /// <param name="bodyClock">Measures the body time against the deadline; shared by the readings of one page or item.</param>
        private JsonTextReader OpenJson(HttpResponseMessage response, CancellationToken cancellationToken, Stopwatch bodyClock = null) =>
            GraphJson.Reader(OpenBody(response, cancellationToken, bodyClock));

        /// <param name="bodyClock">Measures the body time against the deadline; shared by the readings of one page or item.</param>
        private Stream OpenBody(HttpResponseMessage response, CancellationToken cancellationToken, Stopwatch bodyClock)
        {
            Stream stream = Await(response.Content.ReadAsStreamAsync(), cancellationToken);
            // The size is counted after gzip is undone: a small compressed page must not inflate without end.
            return new GuardedStream(stream, Limits.IdleTimeout, cancellationToken, Limits.ResponseDeadline, Limits.MaxPageBytes, clock: bodyClock);
        }

        private static T ReadBody<T>(Func<T> read, HttpResponseMessage response)
        {
            try
            {
                return read();
            }
            catch (Exception exception) when (exception is JsonException || exception is IOException || exception is HttpRequestException)
            {
                throw UnreadableResponse(response, exception);
            }
        }

        /// <summary>A body that could not be read; one that broke a limit carries that limit's error id (RequestTimeout, ResponseTooLarge).</summary>
        internal static GraphRequestException UnreadableResponse(HttpResponseMessage response, Exception exception) =>
            new GraphRequestException(
                string.Format(Strings.ResponseNotReadable, SafeUri(response.RequestMessage?.RequestUri?.AbsoluteUri), exception.Message, MethodOf(response))
                + " " + string.Format(Strings.RequestIdSuffix, RequestIdOf(response) ?? "none"),
                response.StatusCode, LimitBroken(exception)?.Kind ?? ServiceCommsErrorKind.InvalidResponse, null, RequestIdOf(response), response.RequestMessage?.RequestUri, exception);

        private static ResponseLimitException LimitBroken(Exception exception)
        {
            for (Exception inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is ResponseLimitException limit)
                {
                    return limit;
                }
            }

            return null;
        }

        private static GraphRequestException WithMessage(GraphRequestException exception, string message) =>
            new GraphRequestException(message, exception.StatusCode, exception.Kind, exception.GraphErrorCode, exception.RequestId, exception.RequestUri, exception.InnerException);

        private GraphRequestException ErrorFrom(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            string body = ReadErrorBody(response, cancellationToken);
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
            return new GraphRequestException(message, response.StatusCode, GraphRequestException.KindOfStatus(response.StatusCode), error?.Code, requestId, uri);
        }

        private string ReadErrorBody(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                Stream stream = Await(response.Content.ReadAsStreamAsync(), cancellationToken);
                using (var reader = new StreamReader(new GuardedStream(stream, Limits.IdleTimeout, cancellationToken, Limits.ResponseDeadline), Encoding.UTF8))
                {
                    var buffer = new char[MaxErrorBodyChars];
                    int length = reader.ReadBlock(buffer, 0, buffer.Length);
                    return new string(buffer, 0, length);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is HttpRequestException || exception is ObjectDisposedException)
            {
                // The status code says enough (a stalled or dripping error body included).
                return string.Empty;
            }
        }

        private static bool IsCertificateFailure(Exception exception)
        {
            for (Exception inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return true;
                }
            }

            return false;
        }

        // Messages are joined into one line: each part ends as a sentence.
        private static string Sentence(string message) =>
            message.EndsWith(".", StringComparison.Ordinal) || message.EndsWith(")", StringComparison.Ordinal) ? message : message + ".";

        private static string FormatSeconds(TimeSpan delay) =>
            delay.TotalSeconds.ToString(delay.TotalSeconds == Math.Floor(delay.TotalSeconds) ? "0" : "0.0", CultureInfo.InvariantCulture);

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

        /// <summary>What one request is: method, URL and what goes with it.</summary>
        private sealed class TokenRenewal
        {
            public readonly SharedRun<AccessToken> Run = new SharedRun<AccessToken>();
            public string Rejected;
            public AccessToken Issued;
        }

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

            /// <summary>A file: asked for as it is (Accept-Encoding: identity), on the connection that never inflates.</summary>
            public bool IsDownload { get; set; }
        }

        /// <summary>The id of an item of type T (its Id property), to tell a repeated item; null for types without one.</summary>
        private static class ItemIds<T>
        {
            private static readonly Func<T, string> s_id = Find();

            public static string Of(T item) => s_id?.Invoke(item);

            private static Func<T, string> Find()
            {
                // Issues and messages (every item of a long list) without reflection.
                if (typeof(GraphAnnouncement).IsAssignableFrom(typeof(T)))
                {
                    return item => ((GraphAnnouncement)(object)item)?.Id;
                }

                System.Reflection.FieldInfo field = typeof(T).GetField("Id");
                if (field != null && field.FieldType == typeof(string))
                {
                    return item => (string)field.GetValue(item);
                }

                System.Reflection.PropertyInfo property = typeof(T).GetProperty("Id", typeof(string));
                return property == null ? (Func<T, string>)null : item => (string)property.GetValue(item);
            }
        }
    }
}
