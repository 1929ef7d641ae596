using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>
    /// On .NET, pages of status rows, issues and messages are read with Utf8PageReader; JsonTextPageReader (Newtonsoft)
    /// reads them on .NET Framework and stays the rule: on every page here, plain or odd, whole or arriving a few bytes
    /// at a time, both give the same items (every field, the unknown ones included), the same next link, and fail the
    /// same pages. The plain pages must also be read without Newtonsoft, or the faster reader would be dead code.
    /// </summary>
    public class Utf8PageReaderTests
    {
        private static readonly int[] ChunkSizes = { 1, 7, 100, 4096, int.MaxValue };

        private sealed class PageResult
        {
            public List<string> Items = new List<string>();
            public string NextLink;
            public ServiceCommsErrorKind? Failure;
            public int ReadByNewtonsoft;
            public bool HandedOver;

            public override string ToString() =>
                $"{Items.Count} items, next link {NextLink ?? "none"}, failure {Failure?.ToString() ?? "none"}";
        }

        private static HttpResponseMessage Response() => new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://graph.test/v1.0/admin/serviceAnnouncement/messages"),
        };

        private static PageResult Read<T>(byte[] page, int chunk, bool utf8) where T : class
        {
            var body = new ChunkedStream(page, chunk);
            PageReader<T> reader = utf8
                ? new Utf8PageReader<T>(body, Response())
                : (PageReader<T>)new JsonTextPageReader<T>(GraphJson.Reader(new Utf8ChunkReader(body, 16 * 1024)), Response());
            var result = new PageResult();
            using (reader)
            {
                GraphRequestException failure;
                while (reader.TryReadNext(out T item, out failure))
                {
                    result.Items.Add(JsonConvert.SerializeObject(item, Formatting.Indented));
                }

                result.Failure = failure?.Kind;
                result.NextLink = failure == null ? reader.NextLink : null;
                if (reader is Utf8PageReader<T> fast)
                {
                    result.ReadByNewtonsoft = fast.ItemsReadByNewtonsoft;
                    result.HandedOver = fast.HandedToNewtonsoft;
                }
            }

            return result;
        }

        /// <summary>The same items, next link and failure from both readers, whatever the reads bring; the fast reader's result with whole reads.</summary>
        private static PageResult AssertSameAsNewtonsoft<T>(byte[] page) where T : class
        {
            PageResult whole = null;
            foreach (int chunk in ChunkSizes)
            {
                // Against Newtonsoft's reading of the body in the same reads: a byte order mark counts only when the
                // first read brings it whole.
                PageResult expected = Read<T>(page, chunk, utf8: false);
                PageResult actual = Read<T>(page, chunk, utf8: true);
                Assert.Equal(expected.Failure, actual.Failure);
                Assert.Equal(expected.NextLink, actual.NextLink);
                Assert.Equal(expected.Items.Count, actual.Items.Count);
                for (int index = 0; index < expected.Items.Count; index++)
                {
                    Assert.Equal(expected.Items[index], actual.Items[index]);
                }

                whole = whole ?? (chunk == int.MaxValue ? actual : null);
            }

            return whole;
        }

        private static PageResult AssertSameAsNewtonsoft<T>(string page) where T : class => AssertSameAsNewtonsoft<T>(Encoding.UTF8.GetBytes(page));

        private static string Page(IEnumerable<string> items, string nextLink = "https://graph.test/v1.0/admin/serviceAnnouncement/messages?$skiptoken=x") =>
            "{\"@odata.context\":\"https://graph.test/v1.0/$metadata#admin/serviceAnnouncement/messages\",\"value\":["
            + string.Join(",", items) + "]" + (nextLink == null ? string.Empty : ",\"@odata.nextLink\":" + JsonConvert.ToString(nextLink)) + "}";

        private static string SampleItem(string sample) => ((JArray)JObject.Parse(TestFolder.SampleText(sample))["value"])[0].ToString(Formatting.None);

        [Theory]
        [InlineData("messages_get.json")]
        [InlineData("messages_get_beta.json")]
        [InlineData("issues_list.json")]
        [InlineData("healthOverviews_list_expand_issues.json")]
        public void ReadsGraphsSamplesAsNewtonsoftDoesAndWithoutIt(string sample)
        {
            string text = TestFolder.SampleText(sample);
            string page = JObject.Parse(text)["value"] is JArray ? text : Page(new[] { text });
            PageResult result =
                sample.StartsWith("messages", StringComparison.Ordinal) ? AssertSameAsNewtonsoft<GraphMessage>(page)
                : sample.StartsWith("issues", StringComparison.Ordinal) ? AssertSameAsNewtonsoft<GraphIssue>(page)
                : AssertSameAsNewtonsoft<GraphServiceHealth>(page);
            Assert.NotEmpty(result.Items);
            // A single item's sample carries @odata.context, which no item of a list has: GraphItemReader reads that one.
            Assert.Equal(text == page ? 0 : 1, result.ReadByNewtonsoft);
            Assert.False(result.HandedOver);
        }

        [Theory]
        [InlineData(typeof(GraphMessage))]
        [InlineData(typeof(GraphIssue))]
        [InlineData(typeof(GraphServiceHealth))]
        public void ReadsEveryPropertyItKnowsWithoutNewtonsoft(Type type)
        {
            string item = GraphItemReaderTests.EveryKnownProperty(type, name => name).ToString(Formatting.None);
            string page = Page(new[] { item, item });
            PageResult result =
                type == typeof(GraphMessage) ? AssertSameAsNewtonsoft<GraphMessage>(page)
                : type == typeof(GraphIssue) ? AssertSameAsNewtonsoft<GraphIssue>(page)
                : AssertSameAsNewtonsoft<GraphServiceHealth>(page);
            Assert.Equal(2, result.Items.Count);
            Assert.Equal(0, result.ReadByNewtonsoft);
            Assert.False(result.HandedOver);
        }

        [Fact]
        public void ReadsALongPlainPageOfEveryKindOfTextAndDateWithoutNewtonsoft()
        {
            var items = new List<string>();
            string[] texts =
            {
                "plain", "", "quote \" backslash \\ slash \\/ tab \t new line \n", "<p>HTML &amp; <a href=\"https://x.test/?a=1&b=2\">link</a></p>",
                "accents é ü ß, CJK 日本語, emoji 😀", "escaped \u00e9 \u65e5", "2024-03-01 is a date-ish text, not a date", "/Date is not a date",
            };
            string[] dates = { "2024-02-29T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2021-01-08T01:10:06.8Z", "2021-01-08T01:10:06.843Z", "2021-01-08T01:10:06.123456Z" };
            for (int index = 0; index < 300; index++)
            {
                var message = new JObject
                {
                    ["startDateTime"] = dates[index % dates.Length],
                    ["endDateTime"] = index % 3 == 0 ? null : dates[(index + 1) % dates.Length],
                    ["lastModifiedDateTime"] = dates[(index + 2) % dates.Length],
                    ["title"] = texts[index % texts.Length] + " " + index,
                    ["id"] = "MC" + index,
                    ["category"] = "planForChange",
                    ["severity"] = index % 2 == 0 ? "normal" : null,
                    ["tags"] = new JArray("Updated message", texts[(index + 3) % texts.Length], null),
                    ["isMajorChange"] = index % 3 == 0 ? (JToken)true : index % 3 == 1 ? false : null,
                    ["actionRequiredByDateTime"] = null,
                    ["services"] = new JArray("Exchange Online", "Microsoft Teams"),
                    ["expiryDateTime"] = index % 2 == 0 ? dates[index % dates.Length] : null,
                    ["hasAttachments"] = false,
                    ["details"] = new JArray(new JObject { ["name"] = "ExternalLink", ["value"] = "https://x.test/" + index }, null),
                    ["body"] = new JObject { ["contentType"] = "html", ["content"] = string.Concat(Enumerable.Repeat(texts[(index + 5) % texts.Length], 20)) },
                    ["viewPoint"] = index % 4 == 0 ? null : new JObject { ["isRead"] = true, ["isArchived"] = false, ["isFavorited"] = null },
                };
                items.Add(message.ToString(index % 2 == 0 ? Formatting.None : Formatting.Indented));
            }

            PageResult result = AssertSameAsNewtonsoft<GraphMessage>(Page(items));
            Assert.Equal(300, result.Items.Count);
            Assert.Equal(0, result.ReadByNewtonsoft);
            Assert.False(result.HandedOver);
        }

        [Theory]
        // Items that are not plain, each between two plain ones: GraphItemReader reads them, the others stay fast.
        [InlineData(@"{""ID"": ""EX1"", ""Title"": ""t"", ""STATUS"": ""serviceDegradation"", ""brandNew"": {""a"": [1, 2.5, true, null, ""2024-01-01T00:00:00Z""]}, ""@odata.type"": ""#x"", ""n"": 12345678901234567890}")]
        [InlineData(@"{""id"": 5, ""title"": 1.5, ""origin"": true, ""service"": ""2024-03-01T08:00:00+02:00"", ""feature"": {""x"": 1}, ""featureGroup"": [1], ""impactDescription"": null}")]
        [InlineData(@"{""id"": ""EX2"", ""isResolved"": ""true"", ""highImpact"": ""no"", ""startDateTime"": ""1 March 2024"", ""endDateTime"": 5, ""lastModifiedDateTime"": {""a"": 1}}")]
        [InlineData(@"{""id"": ""EX3"", ""startDateTime"": ""2024-03-01T08:00:00"", ""endDateTime"": ""2024-03-01T08:00:00+00:00"", ""lastModifiedDateTime"": ""2024-03-01T24:00:00Z""}")]
        [InlineData(@"{""id"": ""EX4"", ""startDateTime"": ""2024-03-01T08:00:00.12345678Z"", ""endDateTime"": ""2024-02-30T08:00:00Z"", ""lastModifiedDateTime"": ""/Date(1700000000000)/""}")]
        [InlineData(@"{""id"": ""EX5"", ""posts"": ""none"", ""details"": {""name"": ""x""}}")]
        [InlineData(@"{""id"": ""EX6"", ""posts"": [null, {""description"": ""text"", ""postType"": 3}], ""details"": [null, {""name"": [1], ""value"": 2}]}")]
        [InlineData(@"{""id"": ""EX7"", ""id"": ""EX8"", ""posts"": [], ""posts"": [{""postType"": ""quick""}], ""details"": [], ""details"": 3}")]
        [InlineData(@"{""id"": ""EX9"", ""title"": ""2024-03-01T08:00:00Z"", ""service"": ""/Date(0)/"", ""feature"": ""\u0041\u00e9""}")]
        [InlineData(@"{""id"": ""EX10"", /* a comment */ ""title"": ""t""}")]
        [InlineData(@"{""id"": ""EX11"", ""\u0074itle"": ""escaped name""}")]
        [InlineData(@"{""id"": ""EX12"", ""title"": ""\ud800 lone surrogate""}")]
        [InlineData(@"{""id"": ""EX13"", ""posts"": [{""description"": {""contentType"": ""html"", ""content"": ""<p>a</p>"", ""extra"": 1}, ""createdDateTime"": ""2024-03-01T08:00:00Z"", ""x"": null}]}")]
        // The deepest a page may nest (Newtonsoft's MaxDepth of 64: the item alone may nest two levels less), and one more.
        [InlineData(@"{""id"": ""EX14"", ""deep"": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
        [InlineData(@"{""id"": ""EX15"", ""deep"": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
        // Items Newtonsoft refuses: the whole page is unreadable either way.
        [InlineData(@"{""id"": ""EX16"", ""posts"": [""text""]}")]
        [InlineData(@"{""id"": ""EX17"", ""details"": [[1]]}")]
        public void ReadsAnOddIssueAmongPlainOnesAsNewtonsoftDoes(string odd)
        {
            string plain = SampleItem("issues_list.json");
            PageResult result = AssertSameAsNewtonsoft<GraphIssue>(Page(new[] { plain, odd, plain.Replace("\"id\":", "\"ignored\":0,\"id\":", StringComparison.Ordinal), plain }));
            if (result.Failure == null)
            {
                Assert.False(result.HandedOver);
                Assert.InRange(result.ReadByNewtonsoft, 1, 2);
            }
        }

        [Theory]
        [InlineData(@"{""id"": ""MC1"", ""expiryDateTime"": ""null"", ""hasAttachments"": {""x"": [1]}, ""isMajorChange"": ""yes"", ""category"": 5, ""futureList"": [1, 2]}")]
        [InlineData(@"{""id"": ""MC2"", ""tags"": ""one"", ""body"": ""not an object"", ""services"": [""Exchange Online"", 5, null, {""a"": 1}, [2], true]}")]
        [InlineData(@"{""id"": ""MC3"", ""viewPoint"": {""isRead"": true, ""isArchived"": ""false"", ""isFavorited"": null, ""new"": 1}, ""body"": {""contentType"": ""html"", ""content"": ""<p>x</p>""}}")]
        [InlineData(@"{""id"": ""MC4"", ""body"": {""content"": ""a""}, ""body"": {""contentType"": ""text""}, ""viewPoint"": [], ""Tags"": [""x""], ""tags"": [""y""]}")]
        [InlineData(@"{""id"": ""MC5"", ""actionRequiredByDateTime"": ""2024-06-30"", ""tags"": [""2024-03-01T08:00:00Z""], ""severity"": null, ""services"": null}")]
        // Contents: a lone surrogate, a date, text that starts like one in other digits.
        [InlineData(@"{""id"": ""MC6"", ""body"": {""contentType"": ""html"", ""content"": ""<p>\ud800 alone</p>""}}")]
        [InlineData(@"{""id"": ""MC7"", ""body"": {""contentType"": ""text"", ""content"": ""2024-03-01T08:00:00.5Z""}}")]
        [InlineData(@"{""id"": ""MC8"", ""body"": {""contentType"": ""text"", ""content"": ""٣٠٢٤-03-01T08:00:00Z""}}")]
        public void ReadsAnOddMessageAmongPlainOnesAsNewtonsoftDoes(string odd)
        {
            string message = JObject.Parse(TestFolder.SampleText("messages_get.json")).Properties().Where(p => p.Name != "@odata.context")
                .Aggregate(new JObject(), (item, property) => { item.Add(property.Name, property.Value); return item; }).ToString(Formatting.None);
            PageResult result = AssertSameAsNewtonsoft<GraphMessage>(Page(new[] { message, odd, message }));
            Assert.Null(result.Failure);
            Assert.Equal(1, result.ReadByNewtonsoft);
            Assert.False(result.HandedOver);
        }

        [Theory]
        // What a plain page does not have: the rest of the page goes to Newtonsoft, from the last point read.
        [InlineData(@"{""value"": [ITEM, /* between items */ ITEM], ""@odata.nextLink"": ""https://graph.test/next""}")]
        [InlineData(@"{/* before everything */ ""value"": [ITEM, ITEM]}")]
        [InlineData(@"{""value"": [ITEM, ITEM], /* after value */ ""@odata.nextLink"": ""https://graph.test/next""}")]
        [InlineData(@"{""value"": [ITEM, {'id': 'single quotes'}, ITEM]}")]
        [InlineData(@"{""value"": [ITEM, {id: ""unquoted name""}, ITEM]}")]
        [InlineData(@"{""value"": [ITEM, ITEM,], ""@odata.nextLink"": ""https://graph.test/next""}")]
        [InlineData(@"{""value"": [ITEM, {""id"": NaN}, ITEM]}")]
        [InlineData(@"{""value"": [ITEM, ""text"", ITEM]}")]
        [InlineData(@"{""value"": [ITEM, 5, ITEM]}")]
        [InlineData(@"{""value"": [ITEM, [ITEM], ITEM]}")]
        [InlineData(@"{""value"": [ITEM, null, ITEM]}")]
        [InlineData(@"{""value"": {""id"": ""x""}}")]
        [InlineData(@"{""value"": null}")]
        [InlineData(@"[ITEM, ITEM]")]
        [InlineData(@"""a page""")]
        [InlineData(@"")]
        [InlineData(@"   ")]
        [InlineData(@"{""value"": [ITEM, ITEM]")]
        [InlineData(@"{""value"": [ITEM, ITEM")]
        [InlineData(@"{""value"": [ITEM, {""id"": ""cut")]
        [InlineData(@"{""value"": [ITEM]} trailing text")]
        [InlineData(@"{""value"": [ITEM]}{""value"": [ITEM]}")]
        [InlineData(@"{""@odata.nextLink"": ""https://graph.test/first"", ""value"": [ITEM], ""@odata.nextLink"": null}")]
        [InlineData(@"{""@odata.nextLink"": 5, ""value"": [ITEM]}")]
        [InlineData(@"{""@odata.nextLink"": {""a"": 1}, ""value"": [ITEM]}")]
        [InlineData(@"{""value"": [ITEM], ""value"": [ITEM, ITEM], ""@odata.count"": 3}")]
        [InlineData(@"{""Value"": [ITEM], ""@odata.NextLink"": ""https://graph.test/next""}")]
        [InlineData(@"{""extra"": [[[{""a"": [1, {""b"": ""c""}]}]]], ""value"": [], ""more"": {""x"": null}}")]
        public void ReadsAnOddPageAsNewtonsoftDoes(string shape)
        {
            string item = SampleItem("issues_list.json");
            AssertSameAsNewtonsoft<GraphIssue>(shape.Replace("ITEM", item, StringComparison.Ordinal));
        }

        [Fact]
        public void ReadsPagesWithAByteOrderMarkOrBytesThatAreNotUtf8AsNewtonsoftDoes()
        {
            byte[] page = Encoding.UTF8.GetBytes(Page(new[] { SampleItem("issues_list.json"), SampleItem("issues_list.json").Replace("\"id\":\"", "\"id\":\"BAD", StringComparison.Ordinal) }));
            byte[] withMark = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(page).ToArray();
            AssertSameAsNewtonsoft<GraphIssue>(withMark);

            // An invalid byte (0xFF) and a cut sequence (0xC3 alone) inside a title: read as U+FFFD by both.
            int at = Array.IndexOf(page, (byte)'B');
            byte[] broken = page.Take(at).Concat(new byte[] { 0xFF, 0xC3 }).Concat(page.Skip(at)).ToArray();
            PageResult result = AssertSameAsNewtonsoft<GraphIssue>(broken);
            Assert.Null(result.Failure);
            Assert.Equal(1, result.ReadByNewtonsoft);

            // The same inside a post's content, which is kept as UTF-8 until read.
            int content = IndexOf(page, Encoding.UTF8.GetBytes("\"content\":\"")) + 11;
            broken = page.Take(content).Concat(new byte[] { 0xFF, 0xC3 }).Concat(page.Skip(content)).ToArray();
            result = AssertSameAsNewtonsoft<GraphIssue>(broken);
            Assert.Null(result.Failure);
            Assert.Equal(1, result.ReadByNewtonsoft);
            Assert.Contains("\uFFFD", result.Items[0] + result.Items[1], StringComparison.Ordinal);
        }

        private static int IndexOf(byte[] bytes, byte[] part)
        {
            for (int index = 0; index + part.Length <= bytes.Length; index++)
            {
                if (bytes.AsSpan(index, part.Length).SequenceEqual(part))
                {
                    return index;
                }
            }

            throw new InvalidOperationException("Not found.");
        }

        [Fact]
        public void HandsOutEveryItemThatCameBeforeReadingOn()
        {
            string[] items = Enumerable.Range(0, 20).Select(index => SampleItem("issues_list.json").Replace("\"id\":\"", "\"id\":\"" + index, StringComparison.Ordinal)).ToArray();
            string page = Page(items);
            // Cut right after the 13th item: the body then fails, as a connection that drops would.
            int cut = page.IndexOf(items[12], StringComparison.Ordinal) + items[12].Length;
            var body = new ChunkedStream(Encoding.UTF8.GetBytes(page), 997) { FailAfter = Encoding.UTF8.GetByteCount(page.Substring(0, cut)) };
            var handedOut = new List<string>();
            using (var reader = new Utf8PageReader<GraphIssue>(body, Response()))
            {
                GraphRequestException failure;
                while (reader.TryReadNext(out GraphIssue issue, out failure))
                {
                    handedOut.Add(issue.Id);
                }

                Assert.NotNull(failure);
                Assert.Equal(ServiceCommsErrorKind.InvalidResponse, failure.Kind);
            }

            Assert.Equal(items.Take(13).Select(item => (string)JObject.Parse(item)["id"]), handedOut);
        }

        [Fact]
        public void HandsAnItemThatIsStillComingAndAlreadyLargeToNewtonsoft()
        {
            string plain = SampleItem("issues_list.json");
            string large = plain.Replace("\"title\":\"", "\"title\":\"" + new string('x', Utf8PageReader<GraphIssue>.LargestPendingRead + 10), StringComparison.Ordinal);
            byte[] page = Encoding.UTF8.GetBytes(Page(new[] { plain, large, plain }));

            foreach (int chunk in new[] { 16 * 1024, int.MaxValue })
            {
                PageResult expected = Read<GraphIssue>(page, chunk, utf8: false);
                PageResult actual = Read<GraphIssue>(page, chunk, utf8: true);
                Assert.Equal(expected.Items, actual.Items);
                Assert.Equal(3, actual.Items.Count);
                Assert.True(actual.HandedOver);
            }
        }

        [Theory]
        [InlineData("2024-02-29T23:59:59Z")]
        [InlineData("2023-02-29T23:59:59Z")]
        [InlineData("0001-01-01T00:00:00Z")]
        [InlineData("0000-01-01T00:00:00Z")]
        [InlineData("9999-12-31T23:59:59.9999999Z")]
        [InlineData("2021-01-08T01:10:06.8Z")]
        [InlineData("2021-01-08T01:10:06.84Z")]
        [InlineData("2021-01-08T01:10:06.843Z")]
        [InlineData("2021-01-08T01:10:06.1234567Z")]
        [InlineData("2021-01-08T01:10:06.12345678Z")]
        [InlineData("2021-01-08T01:10:06.Z")]
        [InlineData("2021-01-08T24:00:00Z")]
        [InlineData("2021-01-08T23:60:00Z")]
        [InlineData("2021-01-08T23:00:60Z")]
        [InlineData("2021-13-08T23:00:00Z")]
        [InlineData("2021-01-08T01:10:06z")]
        [InlineData("2021-01-08T01:10:06+00:00")]
        [InlineData("2021-01-08 01:10:06Z")]
        [InlineData("2021-1-08T01:10:06Z")]
        public void ReadsADateOnlyWhenItsFormIsGraphsAndThenAsNewtonsoftDoes(string text)
        {
            bool fast = Utf8ItemReader.TryParseGraphDate(Encoding.ASCII.GetBytes(text), out DateTime date);
            var reader = GraphJson.Reader(new StringReader(JsonConvert.ToString(text)));
            reader.Read();
            if (fast)
            {
                Assert.Equal(JsonToken.Date, reader.TokenType);
                Assert.Equal((DateTime)reader.Value, date);
                Assert.Equal(((DateTime)reader.Value).Kind, date.Kind);
            }

            // And in an item, whichever reader takes it, the field reads as Newtonsoft reads it.
            AssertSameAsNewtonsoft<GraphIssue>(Page(new[] { "{\"id\":\"EX1\",\"startDateTime\":" + JsonConvert.ToString(text) + "}" }));
        }

        /// <summary>A body that gives at most <see cref="_chunk"/> bytes a read, and can fail after some bytes (a connection that drops).</summary>
        private sealed class ChunkedStream : Stream
        {
            private readonly byte[] _bytes;
            private readonly int _chunk;
            private int _position;

            public ChunkedStream(byte[] bytes, int chunk)
            {
                _bytes = bytes;
                _chunk = chunk;
            }

            public int FailAfter { get; set; } = int.MaxValue;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => _bytes.Length;

            public override long Position { get => _position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_position >= FailAfter)
                {
                    throw new IOException("The connection dropped.");
                }

                int length = Math.Min(Math.Min(count, _chunk), Math.Min(_bytes.Length, FailAfter) - _position);
                Buffer.BlockCopy(_bytes, _position, buffer, offset, length);
                _position += length;
                return length;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
