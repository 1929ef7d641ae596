using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Retries, waits, broken answers and cancellation of the Graph client, against scripted answers.</summary>
    public class GraphClientReliabilityTests
    {
        private const string Root = "https://graph.example.test/v1.0/admin/serviceAnnouncement/";
        private const string RequestId = "11111111-2222-3333-4444-555555555555";

        /// <summary>Hands out its bytes, then fails as a dropped connection does, or stalls (ignoring cancellation, as some platforms do).</summary>
        private sealed class BrokenStream : ReadOnlyTestStream
        {
            private readonly byte[] _bytes;
            private readonly int _breakAt;
            private readonly bool _stall;
            private int _position;

            public BrokenStream(string body, int breakAt, bool stall)
            {
                _bytes = Encoding.UTF8.GetBytes(body);
                _breakAt = breakAt;
                _stall = stall;
            }

            public bool Disposed { get; private set; }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_position >= _breakAt)
                {
                    if (_stall)
                    {
                        while (!Disposed)
                        {
                            Thread.Sleep(10);
                        }

                        throw new ObjectDisposedException(nameof(BrokenStream));
                    }

                    throw new IOException("Unable to read data from the transport connection: Connection reset by peer.");
                }

                int length = Math.Min(count, Math.Min(_breakAt, _bytes.Length) - _position);
                Array.Copy(_bytes, _position, buffer, offset, length);
                _position += length;
                return length;
            }

            // Like a platform stream that does not honour the token: only disposing ends the read.
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Task.Run(() => Read(buffer, offset, count));

            protected override void Dispose(bool disposing)
            {
                Disposed = true;
                base.Dispose(disposing);
            }

        }

        private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            response.Headers.Add("request-id", RequestId);
            return response;
        }

        private static HttpResponseMessage Error(int status, string code, TimeSpan? retryAfter = null)
        {
            HttpResponseMessage response = Json(
                "{\"error\":{\"code\":\"" + code + "\",\"message\":\"Scripted " + status + ".\",\"innerError\":{\"request-id\":\"req-" + status + "\"}}}",
                (HttpStatusCode)status);
            if (retryAfter != null)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter.Value);
            }

            return response;
        }

        private static HttpResponseMessage Broken(string body, int breakAt, bool stall = false)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BrokenStream(body, breakAt, stall)) };
            response.Headers.Add("request-id", RequestId);
            return response;
        }

        private static string Page(int from, int count, string nextLink = null)
        {
            string items = string.Join(",", Enumerable.Range(from, count).Select(i => "{\"id\":\"EX" + i.ToString("000000") + "\",\"isResolved\":true}"));
            return "{\"@odata.context\":\"x\",\"value\":[" + items + "]" + (nextLink == null ? string.Empty : ",\"@odata.nextLink\":\"" + nextLink + "\"") + "}";
        }

        private sealed class Harness
        {
            public Harness(ScriptedHandler handler, TimeSpan? requestTimeout = null, RetryPolicy policy = null)
            {
                Handler = handler;
                Client = new GraphClient(new Uri("https://graph.example.test"), Tokens, new HttpClient(handler),
                    policy ?? new RetryPolicy(random: () => 0.5, sleep: (delay, token) => { token.ThrowIfCancellationRequested(); Sleeps.Add(delay); }));
                Client.Log = Log.Add;
                Client.DebugLog = Debug.Add;
                if (requestTimeout != null)
                {
                    Client.RequestTimeout = requestTimeout.Value;
                }
            }

            public ScriptedHandler Handler { get; }
            public GraphClient Client { get; }
            // A prefix no log line may show.
            public FakeTokens Tokens { get; } = new FakeTokens("secret-token-");
            public List<TimeSpan> Sleeps { get; } = new List<TimeSpan>();
            public List<string> Log { get; } = new List<string>();
            public List<string> Debug { get; } = new List<string>();

            public List<string> ReadAll(List<string> read = null, CancellationToken cancellationToken = default)
            {
                read = read ?? new List<string>();
                foreach (GraphIssue issue in Client.GetCollection<GraphIssue>("issues", cancellationToken))
                {
                    read.Add(issue.Id);
                }

                return read;
            }
        }

        [Fact]
        public void WaitsOutThrottlingAsRetryAfterSaysAndSaysSo()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => n <= 2 ? Error(429, "TooManyRequests", TimeSpan.FromSeconds(1)) : Json(Page(0, 3))));

            Assert.Equal(3, harness.ReadAll().Count);
            Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) }, harness.Sleeps);
            Assert.Equal(3, harness.Handler.Requests.Count);
            Assert.Contains(harness.Log, line => line.Contains("429 TooManyRequests") && line.Contains("Waiting 1 s, as Graph's Retry-After asks, before attempt 2 of 5"));
            Assert.Contains(harness.Log, line => line.Contains("attempt 3 of 5"));
        }

        [Fact]
        public void BacksOffOn503And504AndGetsEveryItem()
        {
            var harness = new Harness(new ScriptedHandler((n, _) =>
                n == 1 ? Error(503, "ServiceUnavailable")
                : n == 2 ? Error(504, "UnknownError")
                : n == 3 ? Error(503, "ServiceUnavailable")
                : n == 4 ? Json(Page(0, 100, Root + "issues?$skiptoken=1"))
                : Json(Page(100, 50))));

            List<string> ids = harness.ReadAll();

            Assert.Equal(150, ids.Count);
            Assert.Equal(150, ids.Distinct().Count());
            Assert.Equal(new[] { 2.0, 4.0, 8.0 }, harness.Sleeps.Select(delay => delay.TotalSeconds));
            Assert.Contains(harness.Log, line => line.Contains("Waiting 2 s before attempt 2 of 5"));
        }

        [Fact]
        public void GivesUpAfterFiveAttemptsWithTheLastStatusAndRequestId()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => Error(503, "ServiceUnavailable")));

            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal("req-503", error.RequestId);
            Assert.Contains("request-id req-503", error.Message);
            Assert.Contains("Gave up after 5 attempts", error.Message);
            Assert.Equal(5, harness.Handler.Requests.Count);
            Assert.Equal(new[] { 2.0, 4.0, 8.0, 16.0 }, harness.Sleeps.Select(delay => delay.TotalSeconds));
        }

        [Fact]
        public void ThrottlingThatOutlastsTheAttemptsIsReportedAs429()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => Error(429, "TooManyRequests", TimeSpan.FromSeconds(1))));

            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll());

            Assert.Equal((HttpStatusCode)429, error.StatusCode);
            Assert.Equal(4, harness.Sleeps.Count);
            Assert.All(harness.Sleeps, delay => Assert.Equal(TimeSpan.FromSeconds(1), delay));
        }

        [Fact]
        public void RetriesADroppedConnection()
        {
            var harness = new Harness(new ScriptedHandler((n, _) =>
                n == 1 ? throw new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer"))
                : Json(Page(0, 5))));

            Assert.Equal(5, harness.ReadAll().Count);
            Assert.Equal(2, harness.Handler.Requests.Count);
            Assert.Single(harness.Sleeps);
            Assert.Contains(harness.Log, line => line.Contains("Connection reset by peer") && line.Contains("attempt 2 of 5"));
        }

        [Theory]
        [InlineData(0.0, 22.5)]
        [InlineData(0.5, 30.0)]
        [InlineData(0.999999, 37.5)]
        public void ADroppedConnectionOnEveryAttemptBacksOff2481616sAndGivesUp(double random, double totalSeconds)
        {
            // The sleep is injected: the whole default back-off is checked without waiting it out.
            var sleeps = new List<TimeSpan>();
            var harness = new Harness(
                new ScriptedHandler((n, _) => throw new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer"))),
                policy: new RetryPolicy(random: () => random, sleep: (delay, token) => sleeps.Add(delay)));
            var clock = Stopwatch.StartNew();

            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll());

            Assert.Equal(ServiceCommsErrorKind.ConnectionFailed, error.Kind);
            Assert.Contains("Gave up after 5 attempts", error.Message);
            Assert.Equal(5, harness.Handler.Requests.Count);
            Assert.Equal(4, sleeps.Count);
            double factor = 1 - RetryPolicy.Jitter + (2 * RetryPolicy.Jitter * random);
            Assert.Equal(new[] { 2.0, 4.0, 8.0, 16.0 }.Select(seconds => Math.Round(seconds * factor, 3)), sleeps.Select(delay => delay.TotalSeconds));
            Assert.Equal(totalSeconds, sleeps.Sum(delay => delay.TotalSeconds), 2);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the back-off was slept through: " + clock.Elapsed);
            Assert.Equal(4, harness.Log.Count(line => line.Contains("Waiting")));
        }

        [Fact]
        public void TheFirstBackOffComesFromTheEnvironmentAndAnInvalidOneIsNamed()
        {
            var limits = GraphLimits.FromEnvironment(name => name == GraphLimits.FirstBackOffVariable ? "0.25" : null);
            Assert.Equal(TimeSpan.FromSeconds(0.25), limits.FirstBackOff);
            Assert.Equal(RetryPolicy.FirstBackOff, GraphLimits.FromEnvironment(name => null).FirstBackOff);
            Assert.Equal(TimeSpan.FromSeconds(0.25 * 4), new RetryPolicy(random: () => 0.5).BackOff(3, limits.FirstBackOff));
            var invalid = Assert.Throws<ArgumentException>(() => GraphLimits.FromEnvironment(name => name == GraphLimits.FirstBackOffVariable ? "-1" : null));
            Assert.Contains(GraphLimits.FirstBackOffVariable, invalid.Message);
        }

        [Fact]
        public void ReportsAnUntrustedCertificateAtOnce()
        {
            var harness = new Harness(new ScriptedHandler((n, _) =>
                throw new HttpRequestException("The SSL connection could not be established.",
                    new System.Security.Authentication.AuthenticationException("The remote certificate is invalid: UntrustedRoot"))));

            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll());

            Assert.Equal(ServiceCommsErrorKind.ConnectionFailed, error.Kind);
            Assert.Contains("UntrustedRoot", error.Message);
            Assert.Single(harness.Handler.Requests);
            Assert.Empty(harness.Sleeps);
        }

        [Fact]
        public void RetriesATimeoutAndReportsOneThatLasts()
        {
            var slow = new Harness(
                new ScriptedHandler(async (n, _, token) =>
                {
                    await Task.Delay(n == 1 ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, token);
                    return Json(Page(0, 2));
                }),
                requestTimeout: TimeSpan.FromMilliseconds(200));
            Assert.Equal(2, slow.ReadAll().Count);
            Assert.Equal(2, slow.Handler.Requests.Count);

            var hung = new Harness(
                new ScriptedHandler(async (n, _, token) =>
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                    return Json(Page(0, 2));
                }),
                requestTimeout: TimeSpan.FromMilliseconds(100));
            var error = Assert.Throws<GraphRequestException>(() => hung.ReadAll());
            Assert.Null(error.StatusCode);
            Assert.Equal(ServiceCommsErrorKind.TimedOut, error.Kind);
            Assert.Equal(5, hung.Handler.Requests.Count);
        }

        [Fact]
        public void DoesNotRetryOtherErrors()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => Error(400, "BadRequest")));

            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll());

            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Single(harness.Handler.Requests);
            Assert.Empty(harness.Sleeps);
        }

        [Fact]
        public void ASecond401IsReportedAfterOneRenewal()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => Error(401, "InvalidAuthenticationToken")));

            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll());

            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
            Assert.Equal(new[] { false, true }, harness.Tokens.Calls);
            Assert.Equal(2, harness.Handler.Requests.Count);
            Assert.Empty(harness.Sleeps);
        }

        [Fact]
        public void ABrokenPageIsReadAgainWithoutDuplicatesOrGaps()
        {
            string firstPage = Page(0, 10, Root + "issues?$skiptoken=1");
            int cut = firstPage.IndexOf("EX000003", StringComparison.Ordinal);
            var harness = new Harness(new ScriptedHandler((n, _) =>
                n == 1 ? Broken(firstPage, cut)
                : n == 2 ? Json(firstPage)
                : Json(Page(10, 5))));

            List<string> ids = harness.ReadAll();

            Assert.Equal(Enumerable.Range(0, 15).Select(i => "EX" + i.ToString("000000")), ids);
            Assert.Equal(3, harness.Handler.Requests.Count);
            Assert.Equal(harness.Handler.Requests[0].RequestUri, harness.Handler.Requests[1].RequestUri);
            Assert.Contains(harness.Log, line => line.Contains("skipping the 3 items already returned"));
        }

        [Fact]
        public void APageBrokenTwiceEndsTheListAfterTheItemsAlreadyReturned()
        {
            string page = Page(0, 10, Root + "issues?$skiptoken=1");
            int cut = page.IndexOf("EX000003", StringComparison.Ordinal);
            var harness = new Harness(new ScriptedHandler((n, _) => Broken(page, cut)));

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll(read));

            Assert.Equal(ServiceCommsErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("Asking once more did not help", error.Message);
            Assert.Contains(RequestId, error.Message);
            Assert.Equal(new[] { "EX000000", "EX000001", "EX000002" }, read);
            Assert.Equal(2, harness.Handler.Requests.Count);
        }

        [Fact]
        public void APageThatComesBackShorterIsAnError()
        {
            var harness = new Harness(new ScriptedHandler((n, _) =>
                n == 1 ? Broken(Page(0, 10), Page(0, 10).IndexOf("EX000005", StringComparison.Ordinal)) : Json(Page(0, 2))));

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() => harness.ReadAll(read));

            Assert.Equal(ServiceCommsErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("held 2 items when read again, fewer than the 5", error.Message);
            Assert.Equal(5, read.Count);
        }

        [Theory]
        [InlineData("<html><body>Proxy error</body></html>")]
        [InlineData("{\"id\":\"EX1\",\"title\":\"cut")]
        [InlineData("")]
        public void AnUnreadableItemIsAskedForOnceMore(string firstBody)
        {
            var harness = new Harness(new ScriptedHandler((n, _) => n == 1 ? Json(firstBody) : Json("{\"id\":\"EX1\",\"isResolved\":true}")));

            GraphIssue issue = harness.Client.GetItemOrDefault<GraphIssue>("issues/EX1", CancellationToken.None);

            Assert.Equal("EX1", issue.Id);
            Assert.Equal(2, harness.Handler.Requests.Count);
        }

        [Fact]
        public void AnItemUnreadableTwiceIsReported()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => Json("not json")));

            var error = Assert.Throws<GraphRequestException>(() => harness.Client.GetItemOrDefault<GraphIssue>("issues/EX1", CancellationToken.None));

            Assert.Equal(ServiceCommsErrorKind.InvalidResponse, error.Kind);
            Assert.Equal(2, harness.Handler.Requests.Count);
        }

        [Fact]
        public void ABodyThatStallsTimesOutAndIsReadAgain()
        {
            string page = Page(0, 6);
            var stalled = new BrokenStream(page, page.IndexOf("EX000002", StringComparison.Ordinal), stall: true);
            var harness = new Harness(
                new ScriptedHandler((n, _) => n == 1 ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stalled) } : Json(page)),
                requestTimeout: TimeSpan.FromMilliseconds(300));

            List<string> ids = harness.ReadAll();

            Assert.Equal(6, ids.Count);
            Assert.Equal(6, ids.Distinct().Count());
            Assert.True(stalled.Disposed);
            Assert.Contains(harness.Log, line => line.Contains("No data arrived for 0.3 seconds"));
        }

        [Fact]
        public void CancellationEndsAStalledBodyAtOnce()
        {
            string page = Page(0, 6);
            var harness = new Harness(new ScriptedHandler((n, _) => Broken(page, page.IndexOf("EX000002", StringComparison.Ordinal), stall: true)));

            using (var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                var read = new List<string>();
                var stopwatch = Stopwatch.StartNew();
                Assert.ThrowsAny<OperationCanceledException>(() => harness.ReadAll(read, cancellation.Token));
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "cancellation should end the read, not the 30 s timeout");
                Assert.Equal(2, read.Count);
                Assert.Single(harness.Handler.Requests);
            }
        }

        [Fact]
        public void CancellationEndsARetryAfterWaitAtOnce()
        {
            var harness = new Harness(
                new ScriptedHandler((n, _) => Error(429, "TooManyRequests", TimeSpan.FromSeconds(120))),
                policy: new RetryPolicy());

            using (var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                var stopwatch = Stopwatch.StartNew();
                Assert.ThrowsAny<OperationCanceledException>(() => harness.ReadAll(cancellationToken: cancellation.Token));
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "cancellation should end the 120 s wait");
                Assert.Single(harness.Handler.Requests);
            }
        }

        [Fact]
        public void CancellationEndsAPendingRequestEvenIfTheHandlerIgnoresIt()
        {
            var harness = new Harness(new ScriptedHandler(async (n, _, token) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(60));
                return Json(Page(0, 1));
            }));

            using (var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                var stopwatch = Stopwatch.StartNew();
                Assert.ThrowsAny<OperationCanceledException>(() => harness.ReadAll(cancellationToken: cancellation.Token));
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
            }
        }

        [Fact]
        public void DebugShowsHeadersButNeverTheToken()
        {
            var harness = new Harness(new ScriptedHandler((n, _) => n == 1 ? Error(429, "TooManyRequests", TimeSpan.FromSeconds(1)) : Json(Page(0, 1))));

            harness.ReadAll();

            Assert.Contains(harness.Debug, line => line.Contains("Prefer: odata.maxpagesize=1000") && line.Contains("Authorization: (hidden)") && line.Contains("client-request-id"));
            Assert.Contains(harness.Debug, line => line.Contains("Retry-After: 1"));
            Assert.DoesNotContain(harness.Debug.Concat(harness.Log), line => line.Contains("secret-token"));
        }
    }
}
