using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>
    /// Hostile and broken answers (issue 15): paging loops, dripping and oversized bodies, gzip bombs, oversized and
    /// encoded downloads, null entries, and the limits' environment variables. Every test that could hang has small
    /// limits and a bound on its time.
    /// </summary>
    public class GraphClientHostileAnswerTests
    {
        private const string Root = "https://graph.example.test/v1.0/admin/serviceAnnouncement/";

        private static readonly GraphLimits SmallLimits = new GraphLimits(
            idleTimeout: TimeSpan.FromMilliseconds(500), responseDeadline: TimeSpan.FromSeconds(1.5),
            maxPageBytes: 1024 * 1024, maxDownloadBytes: 256 * 1024, maxPagesPerList: 1000);

        private static HttpResponseMessage Json(string json) =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        private static HttpResponseMessage FromStream(Stream body, long? contentLength = null)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
            response.Content.Headers.ContentLength = contentLength;
            return response;
        }

        private static string Page(int from, int count, string nextLink = null) =>
            "{\"value\":[" + string.Join(",", Enumerable.Range(from, count).Select(i => "{\"id\":\"EX" + i.ToString("000000") + "\",\"isResolved\":true}")) + "]"
            + (nextLink == null ? string.Empty : ",\"@odata.nextLink\":\"" + nextLink + "\"") + "}";

        private static (GraphClient Client, ScriptedHandler Handler, List<string> Log, List<string> Warnings) Create(ScriptedHandler handler, GraphLimits limits = null)
        {
            var log = new List<string>();
            var warnings = new List<string>();
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens("token-"), new HttpClient(handler),
                new RetryPolicy(random: () => 0.5, sleep: (delay, token) => token.ThrowIfCancellationRequested()))
            {
                Log = log.Add,
                Warning = warnings.Add,
                Limits = limits ?? SmallLimits,
            };
            return (client, handler, log, warnings);
        }

        private static List<string> ReadAll(GraphClient client, List<string> read = null)
        {
            read = read ?? new List<string>();
            foreach (GraphIssue issue in client.GetCollection<GraphIssue>("issues", CancellationToken.None))
            {
                read.Add(issue.Id);
            }

            return read;
        }

        /// <summary>Runs a test body that would hang if a limit failed, and fails the test instead after <paramref name="seconds"/>.</summary>
        private static void Bounded(Action body, int seconds = 30)
        {
            Task run = Task.Run(body);
            Assert.True(run.Wait(TimeSpan.FromSeconds(seconds)), "did not end within " + seconds + " s");
            run.GetAwaiter().GetResult();
        }

        /// <summary>Hands out its bytes one at a time, waiting between them, until disposed.</summary>
        private sealed class DrippingStream : ReadOnlyTestStream
        {
            private readonly byte[] _bytes;
            private readonly TimeSpan _pace;
            private int _position;

            public DrippingStream(string body, TimeSpan pace)
            {
                _bytes = Encoding.UTF8.GetBytes(body);
                _pace = pace;
            }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(_pace, cancellationToken);
                if (_position >= _bytes.Length)
                {
                    return 0;
                }

                buffer[offset] = _bytes[_position++];
                return 1;
            }

        }

        /// <summary>The body, then no further byte until disposed (a Content-Length that promised more).</summary>
        private sealed class BodyThenSilence : ReadOnlyTestStream
        {
            private readonly MemoryStream _body;
            private readonly TaskCompletionSource<int> _never = new TaskCompletionSource<int>();

            public BodyThenSilence(string body) => _body = new MemoryStream(Encoding.UTF8.GetBytes(body));

            public int ReadsAfterTheBody { get; private set; }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                int read = _body.Read(buffer, offset, count);
                if (read > 0)
                {
                    return Task.FromResult(read);
                }

                ReadsAfterTheBody++;
                return _never.Task.WaitAsync(cancellationToken);
            }

        }

        /// <summary>What the platform hands out for a gzip page it inflates: the decoded bytes, made as they are read.</summary>
        private static Stream InflatingBomb(long decodedLength)
        {
            var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                byte[] head = Encoding.UTF8.GetBytes("{\"value\":[{\"id\":\"BOMB1\",\"title\":\"");
                gzip.Write(head, 0, head.Length);
                var letters = Enumerable.Repeat((byte)'A', 1024 * 1024).ToArray();
                for (long written = 0; written < decodedLength; written += letters.Length)
                {
                    gzip.Write(letters, 0, (int)Math.Min(letters.Length, decodedLength - written));
                }
            }

            compressed.Position = 0;
            return new GZipStream(compressed, CompressionMode.Decompress);
        }

        [Fact]
        public void ANextLinkBackToTheSamePageEndsTheListAfterOneRequestWithIncompleteResult()
        {
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => Json(Page(0, 5, Root + "issues"))));

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client, read));

            Assert.Equal(ServiceCommsErrorKind.IncompleteResult, error.Kind);
            Assert.Contains("already read, so the list would never end; reading stopped after 1 pages", error.Message);
            Assert.Equal(5, read.Count);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public void TheSameItemsUnderFreshSkipTokensEndTheListAfterTheSecondPage()
        {
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => Json(Page(0, 5, Root + "issues?$skiptoken=" + Guid.NewGuid().ToString("N")))));

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client, read));

            Assert.Equal(ServiceCommsErrorKind.IncompleteResult, error.Kind);
            Assert.Contains("brought only items this list had already returned", error.Message);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => "EX" + i.ToString("000000")), read);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public void AnItemOnTwoPagesIsReturnedOnceAndTheListGoesOn()
        {
            var (client, _, log, _) = Create(new ScriptedHandler((n, _) =>
                n == 1 ? Json(Page(0, 5, Root + "issues?$skiptoken=2")) : Json(Page(4, 5))));

            List<string> read = ReadAll(client);

            Assert.Equal(Enumerable.Range(0, 9).Select(i => "EX" + i.ToString("000000")), read);
            Assert.Contains(log, line => line.Contains("Item EX000004 came again on page 2"));
        }

        [Fact]
        public void EmptyPagesWithNextLinksEndTheListAfterThreeInARow()
        {
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => Json(Page(0, 0, Root + "issues?$skiptoken=" + n))));

            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client));

            Assert.Equal(ServiceCommsErrorKind.IncompleteResult, error.Kind);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public void AnEmptyPageBetweenFullOnesIsNoLoop()
        {
            var (client, _, _, _) = Create(new ScriptedHandler((n, _) =>
                n == 1 ? Json(Page(0, 3, Root + "issues?$skiptoken=1"))
                : n == 2 ? Json(Page(0, 0, Root + "issues?$skiptoken=2"))
                : Json(Page(3, 3))));

            Assert.Equal(6, ReadAll(client).Count);
        }

        [Fact]
        public void AListStopsAtTheMostPagesItMayHave()
        {
            var limits = new GraphLimits(SmallLimits.IdleTimeout, SmallLimits.ResponseDeadline, SmallLimits.MaxPageBytes, SmallLimits.MaxDownloadBytes, maxPagesPerList: 4);
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => Json(Page(n * 10, 10, Root + "issues?$skiptoken=" + n))), limits);

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client, read));

            Assert.Equal(ServiceCommsErrorKind.IncompleteResult, error.Kind);
            Assert.Contains("past 4 pages", error.Message);
            Assert.Contains(GraphLimits.MaxPagesVariable, error.Message);
            Assert.Equal(40, read.Count);
            Assert.Equal(4, handler.Requests.Count);
        }

        [Fact]
        public void ANullEntryIsSkippedWithAWarningNamingThePage()
        {
            var (client, _, _, warnings) = Create(new ScriptedHandler((n, _) =>
                Json("{\"value\":[{\"id\":\"EX1\"},null,{\"id\":\"EX2\"},null]}")));

            Assert.Equal(new[] { "EX1", "EX2" }, ReadAll(client));
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, warning => Assert.Contains("The page " + Root + "issues held an empty (null) entry", warning));
        }

        [Fact]
        public void APageBrokenAfterANullEntryIsReadAgainWithoutLosingOrRepeatingItems()
        {
            string body = "{\"value\":[{\"id\":\"EX1\"},null,{\"id\":\"EX2\"},{\"id\":\"EX3\"}]}";
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) =>
                n == 1 ? FromStream(new MemoryStream(Encoding.UTF8.GetBytes(body.Substring(0, body.IndexOf("EX3", StringComparison.Ordinal)))))
                : Json(body)));

            Assert.Equal(new[] { "EX1", "EX2", "EX3" }, ReadAll(client));
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public void ADrippingPageEndsWithRequestTimeoutAtItsDeadlineWithoutBeingAskedForAgain() => Bounded(() =>
        {
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => FromStream(new DrippingStream(Page(0, 50), TimeSpan.FromMilliseconds(20)))));

            var stopwatch = Stopwatch.StartNew();
            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client));

            Assert.Equal(ServiceCommsErrorKind.TimedOut, error.Kind);
            Assert.Contains("did not arrive in full within 1.5 seconds", error.Message);
            Assert.Single(handler.Requests);
            // The whole drip takes minutes; 15 s leaves a loaded machine room for the one reading of 1.5 s.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), "one reading of 1.5 s, not the whole drip: " + stopwatch.Elapsed);
        });

        [Fact]
        public void AWholePageIsHandedOutWhenTheContentLengthPromisedMore() => Bounded(() =>
        {
            var body = new BodyThenSilence(Page(0, 40));
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => FromStream(body, contentLength: 2L * 1024 * 1024 * 1024)));

            var stopwatch = Stopwatch.StartNew();
            Assert.Equal(40, ReadAll(client).Count);
            Assert.Single(handler.Requests);
            Assert.Equal(0, body.ReadsAfterTheBody);
            // The rest never comes: waiting for it would end only at the test's own bound of 30 s.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), "took " + stopwatch.Elapsed);
        });

        [Fact]
        public void AGzipBombStopsAtThePageCapWithResponseTooLargeAndIsNotAskedForAgain()
        {
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => FromStream(InflatingBomb(200L * 1024 * 1024))));

            long before = GC.GetTotalAllocatedBytes();
            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client));

            Assert.Equal(ServiceCommsErrorKind.ResponseTooLarge, error.Kind);
            Assert.Contains("larger than 1 MB once decoded", error.Message);
            Assert.Single(handler.Requests);
            // The cap counts bytes as they are read: nowhere near the 200 MB the page inflates to is ever held.
            Assert.True(GC.GetTotalAllocatedBytes() - before < 100L * 1024 * 1024, "allocated " + (GC.GetTotalAllocatedBytes() - before));
        }

        [Fact]
        public void ADownloadAnnouncedOverTheCapIsRefusedBeforeItsBodyIsRead()
        {
            var body = new BodyThenSilence("tiny");
            var (client, _, _, _) = Create(new ScriptedHandler((n, _) => FromStream(body, contentLength: 2L * 1024 * 1024 * 1024)));

            var error = Assert.Throws<GraphRequestException>(() => client.Download("issues/EX1/incidentReport", CancellationToken.None));

            Assert.Equal(ServiceCommsErrorKind.ResponseTooLarge, error.Kind);
            Assert.Contains("announced a file of 2147483648 bytes", error.Message);
        }

        [Fact]
        public void ADownloadStopsAtTheCapWithoutWritingMoreThanIt()
        {
            var (client, handler, _, _) = Create(new ScriptedHandler((n, _) => FromStream(new MemoryStream(new byte[1024 * 1024]))));

            var destination = new MemoryStream();
            using (GraphDownload download = client.Download("issues/EX1/incidentReport", CancellationToken.None))
            {
                var error = Assert.Throws<GraphRequestException>(() => download.CopyTo(destination, CancellationToken.None));
                Assert.Equal(ServiceCommsErrorKind.ResponseTooLarge, error.Kind);
                Assert.Contains("larger than 0.25 MB", error.Message);
            }

            Assert.True(destination.Length <= SmallLimits.MaxDownloadBytes, "wrote " + destination.Length);
            Assert.Contains("identity", handler.Requests[0].Headers.AcceptEncoding.Select(value => value.Value));
        }

        [Fact]
        public void ADownloadSentGzipEncodedIsRefused()
        {
            var (client, _, _, _) = Create(new ScriptedHandler((n, _) =>
            {
                HttpResponseMessage response = FromStream(new MemoryStream(new byte[100]));
                response.Content.Headers.ContentEncoding.Add("gzip");
                return response;
            }));

            var error = Assert.Throws<GraphRequestException>(() => client.Download("issues/EX1/incidentReport", CancellationToken.None));

            Assert.Equal(ServiceCommsErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("encoded as 'gzip'", error.Message);
        }

        [Fact]
        public void AStalledDownloadEndsWithRequestTimeout() => Bounded(() =>
        {
            // A deadline far from the idle timeout: on a starved machine the two timers of SmallLimits (0.5 s and
            // 1.5 s) could fire in the wrong order, and the deadline is not what this test is about.
            var limits = new GraphLimits(SmallLimits.IdleTimeout, TimeSpan.FromSeconds(20), SmallLimits.MaxPageBytes, SmallLimits.MaxDownloadBytes, SmallLimits.MaxPagesPerList);
            var (client, _, _, _) = Create(new ScriptedHandler((n, _) => FromStream(new BodyThenSilence("%PDF-1.4 part"), contentLength: 1000)), limits);

            var destination = new MemoryStream();
            var stopwatch = Stopwatch.StartNew();
            using (GraphDownload download = client.Download("issues/EX1/incidentReport", CancellationToken.None))
            {
                var error = Assert.Throws<GraphRequestException>(() => download.CopyTo(destination, CancellationToken.None));
                Assert.Equal(ServiceCommsErrorKind.TimedOut, error.Kind);
                Assert.Contains("No data arrived for 0.5 seconds", error.Message);
            }

            // The silence never ends: only the idle timeout (0.5 s) ends it before the test's own bound of 30 s.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), "took " + stopwatch.Elapsed);
        });

        [Fact]
        public void ADrippingDownloadEndsAtItsDeadline() => Bounded(() =>
        {
            var (client, _, _, _) = Create(new ScriptedHandler((n, _) => FromStream(new DrippingStream(new string('x', 10000), TimeSpan.FromMilliseconds(20)))));

            using (GraphDownload download = client.Download("issues/EX1/incidentReport", CancellationToken.None))
            {
                var error = Assert.Throws<GraphRequestException>(() => download.CopyTo(new MemoryStream(), CancellationToken.None));
                Assert.Equal(ServiceCommsErrorKind.TimedOut, error.Kind);
                Assert.Contains("within 1.5 seconds", error.Message);
            }
        });

        [Fact]
        public void TheLimitsDefaultToTheDocumentedValues()
        {
            GraphLimits limits = GraphLimits.FromEnvironment(name => null);

            Assert.Equal(TimeSpan.FromSeconds(30), limits.IdleTimeout);
            Assert.Equal(TimeSpan.FromSeconds(120), limits.ResponseDeadline);
            Assert.Equal(64L * 1024 * 1024, limits.MaxPageBytes);
            Assert.Equal(256L * 1024 * 1024, limits.MaxDownloadBytes);
            Assert.Equal(1000, limits.MaxPagesPerList);
        }

        [Fact]
        public void TheLimitsAreTakenFromTheEnvironment()
        {
            var values = new Dictionary<string, string>
            {
                [GraphLimits.IdleTimeoutVariable] = "90",
                [GraphLimits.ResponseDeadlineVariable] = "600",
                [GraphLimits.MaxPageSizeVariable] = "0.5",
                [GraphLimits.MaxDownloadSizeVariable] = "1024",
                [GraphLimits.MaxPagesVariable] = "5000",
            };

            GraphLimits limits = GraphLimits.FromEnvironment(name => values.TryGetValue(name, out string value) ? value : null);

            Assert.Equal(TimeSpan.FromSeconds(90), limits.IdleTimeout);
            Assert.Equal(TimeSpan.FromSeconds(600), limits.ResponseDeadline);
            Assert.Equal(512L * 1024, limits.MaxPageBytes);
            Assert.Equal(1024L * 1024 * 1024, limits.MaxDownloadBytes);
            Assert.Equal(5000, limits.MaxPagesPerList);
        }

        [Theory]
        [InlineData(GraphLimits.IdleTimeoutVariable, "soon")]
        [InlineData(GraphLimits.ResponseDeadlineVariable, "0")]
        [InlineData(GraphLimits.MaxPageSizeVariable, "-1")]
        [InlineData(GraphLimits.MaxPagesVariable, "2.5")]
        public void AnInvalidLimitIsAnErrorNamingTheVariable(string name, string value)
        {
            var error = Assert.Throws<ArgumentException>(() => GraphLimits.FromEnvironment(n => n == name ? value : null));

            Assert.Contains(name + " is '" + value + "'", error.Message);
        }

        [Fact]
        public void AnInvalidLimitIsReportedForEveryRequestWithoutSendingIt()
        {
            var handler = new ScriptedHandler((n, _) => Json(Page(0, 1)));
            var shared = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens("token-"), new HttpClient(handler));
            string saved = Environment.GetEnvironmentVariable(GraphLimits.MaxPagesVariable);
            GraphClient client;
            try
            {
                Environment.SetEnvironmentVariable(GraphLimits.MaxPagesVariable, "many");
                client = shared.WithLog(_ => { });
            }
            finally
            {
                Environment.SetEnvironmentVariable(GraphLimits.MaxPagesVariable, saved);
            }

            var error = Assert.Throws<GraphRequestException>(() => ReadAll(client));

            Assert.Equal(ServiceCommsErrorKind.InvalidArgument, error.Kind);
            Assert.Contains(GraphLimits.MaxPagesVariable, error.Message);
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public void TheReadmeAndAboutPageStateEveryLimitWithItsDefault()
        {
            string root = TestFolder.Path;
            while (root != null && !File.Exists(Path.Combine(root, "README.md")))
            {
                root = Path.GetDirectoryName(root);
            }

            Assert.NotNull(root);
            foreach (string document in new[] { "README.md", Path.Combine("docs", "en-US", "about_O365ServiceComms.md") })
            {
                string text = File.ReadAllText(Path.Combine(root, document));
                GraphLimits defaults = GraphLimits.Default;
                foreach (var (variable, defaultValue) in new[]
                {
                    (GraphLimits.IdleTimeoutVariable, defaults.IdleTimeout.TotalSeconds),
                    (GraphLimits.ResponseDeadlineVariable, defaults.ResponseDeadline.TotalSeconds),
                    (GraphLimits.MaxPageSizeVariable, defaults.MaxPageBytes / (1024.0 * 1024)),
                    (GraphLimits.MaxDownloadSizeVariable, defaults.MaxDownloadBytes / (1024.0 * 1024)),
                    (GraphLimits.MaxPagesVariable, (double)defaults.MaxPagesPerList),
                })
                {
                    // One line names the variable and its default.
                    Assert.Matches("(?m)^(?=.*" + variable + ")(?=.*\\b" + defaultValue.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\\b).*$", text);
                }

                Assert.Contains("ResponseTooLarge", text);
            }
        }

        [Fact]
        public void TheChunkReaderHandsOutWhatOneReadBroughtWithoutReadingAgain() => Bounded(() =>
        {
            var body = new BodyThenSilence("\uFEFF{\"a\":\"\u00e9\u2013x\"}");
            using (var reader = new Utf8ChunkReader(body))
            {
                var buffer = new char[100];
                int read = reader.Read(buffer, 0, buffer.Length);
                Assert.Equal("{\"a\":\"\u00e9\u2013x\"}", new string(buffer, 0, read));
                Assert.Equal(0, body.ReadsAfterTheBody);
            }
        });
    }
}
