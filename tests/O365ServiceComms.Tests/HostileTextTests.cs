using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using O365ServiceComms.Graph;
using O365ServiceComms.Publishing;
using O365ServiceComms.Text;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Issue 15 points 1, 8 and 9: deeply nested markup, characters XML forbids, and control characters for people.</summary>
    public class HostileTextTests
    {
        private static readonly DateTime Now = new DateTime(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc);

        private static readonly ModelMapper Mapper = new ModelMapper("contoso.onmicrosoft.com", new ServiceCatalog(new[]
        {
            new KeyValuePair<string, string>("Exchange", "Exchange Online"),
        }));

        private static string Nested(int depth, string inner = "deep text") =>
            string.Concat(Enumerable.Repeat("<div>", depth)) + inner + string.Concat(Enumerable.Repeat("</div>", depth));

        /// <summary>Runs on a thread with a small stack: recursion on depth would overflow it long before 200,000.</summary>
        private static string RenderOnSmallStack(string html)
        {
            string text = null;
            Exception failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    text = HtmlText.ToPlainText(html, "html");
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            }, 256 * 1024);
            thread.Start();
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "rendering ended within 60 s");
            Assert.Null(failure);
            return text;
        }

        [Theory]
        [InlineData(50_000)]
        [InlineData(200_000)]
        public void DeeplyNestedMarkupRendersAllItsTextWithoutRecursion(int depth)
        {
            string text = RenderOnSmallStack("<p>Before</p>" + Nested(depth) + "<p>After</p>");
            Assert.StartsWith("Before", text);
            Assert.Contains("deep text", text);
            Assert.EndsWith("After", text);
        }

        [Fact]
        public void LayoutIsKeptUpToTheDocumentedDepthAndFlatBeyond()
        {
            string shallow = HtmlText.ToPlainText(Nested(HtmlText.MaxLayoutDepth - 5, "<ul><li>one</li><li>two</li></ul>"), "html");
            Assert.Contains("- one" + Environment.NewLine + "- two", shallow);

            string deep = HtmlText.ToPlainText(Nested(HtmlText.MaxLayoutDepth + 5, "<ul><li>one</li><li>two</li></ul>"), "html");
            Assert.Equal("one two", deep);
        }

        [Fact]
        public void NestedTableCellsAndListsStillRenderAsBefore()
        {
            string text = HtmlText.ToPlainText("<table><tr><td>a</td><td>b</td></tr></table><ol><li>x<ul><li>y</li></ul></li></ol>", "html");
            Assert.Equal(string.Join(Environment.NewLine, "a b", "", "- x", "", "- y"), text);
        }

        [Fact]
        public void DeeplyNestedJsonFromTheServerIsRefusedNotAStackOverflow()
        {
            // Newtonsoft's readers stop at a depth of 64: a page nesting 100,000 arrays is unreadable, and the process lives.
            string nested = string.Concat(Enumerable.Repeat("[", 100_000)) + string.Concat(Enumerable.Repeat("]", 100_000));
            string page = "{\"value\":[{\"id\":\"EX1\",\"title\":\"t\",\"somethingNew\":" + nested + "}]}";
            var handler = new ScriptedHandler(request => new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new System.Net.Http.StringContent(page, Encoding.UTF8, "application/json"),
            });
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new System.Net.Http.HttpClient(handler));

            var list = Assert.Throws<GraphRequestException>(() => client.GetCollection<GraphIssue>("issues", CancellationToken.None).ToList());
            Assert.Equal(ServiceCommsErrorKind.InvalidResponse, list.Kind);
            Assert.Contains("MaxDepth", list.ToString());
        }

        [Theory]
        [InlineData("a\u0001b", "a\uFFFDb")]
        [InlineData("a\uFFFEb\uFFFF", "a\uFFFDb\uFFFD")]
        [InlineData("pair \uD83D\uDE00 kept", "pair \uD83D\uDE00 kept")]
        [InlineData("tab\tline\nreturn\r", "tab\tline\nreturn\r")]
        public void XmlSafeTextReplacesOnlyWhatXmlForbids(string text, string expected)
        {
            Assert.Equal(expected, XmlSafeText.Clean(text));
        }

        private static List<ServiceMessage> HostileMessages() => new List<ServiceMessage>
        {
            Mapper.ToIncident(new GraphIssue
            {
                Id = "EX1", Title = "Bad \u0001 title \uFFFE with \uD800", Classification = "incident", Status = "serviceDegradation",
                Service = "Exchange Online", ImpactDescription = "x\u0002y", StartDateTime = Now.AddHours(-1), LastModifiedDateTime = Now,
                Posts = new[] { new GraphPost { CreatedDateTime = Now, PostType = "regular", Description = new GraphItemBody { ContentType = "html", Content = "<p>post \u001B[2J text</p>" } } },
            }),
            Mapper.ToIncident(new GraphIssue
            {
                Id = "EX2", Title = "Good title", Classification = "incident", Status = "serviceDegradation",
                Service = "Exchange Online", ImpactDescription = "fine", StartDateTime = Now.AddHours(-2), LastModifiedDateTime = Now.AddMinutes(-5),
                Posts = Array.Empty<GraphPost>(),
            }),
        };

        [Theory]
        [InlineData("Rss")]
        [InlineData("Atom")]
        public void FeedWithForbiddenCharactersIsWrittenWellFormedWithEveryItem(string formatName)
        {
            var format = (FeedFormat)Enum.Parse(typeof(FeedFormat), formatName);
            byte[] bytes = ServiceFeed.Build(HostileMessages(), format, "Feed \u0003 title", null, Now);
            XDocument feed = XDocument.Parse(Encoding.UTF8.GetString(bytes));
            var titles = feed.Descendants().Where(element => element.Name.LocalName == "title").Select(element => element.Value).ToList();
            Assert.Contains("Feed \uFFFD title", titles);
            Assert.Contains("Bad \uFFFD title \uFFFD with \uFFFD", titles);
            Assert.Contains("Good title", titles);
            int items = feed.Descendants().Count(element => element.Name.LocalName == (format == FeedFormat.Rss ? "item" : "entry"));
            Assert.Equal(2, items);
        }

        [Fact]
        public void PageWithForbiddenCharactersIsWellFormedAndShowsEveryItem()
        {
            var incidents = HostileMessages().Cast<ServiceIncident>().ToArray();
            var services = new List<ServiceStatus>
            {
                Mapper.ToStatus(new GraphServiceHealth { Id = "Exchange", Service = "Exchange \u0001 Online", Status = "serviceDegradation", Issues = Array.Empty<GraphIssue>() }, Now),
            };
            services[0].ActiveIncidents = incidents;
            services[0].IncidentIds = new ValueList<string>(incidents.Select(incident => incident.Id).ToArray());
            string html = HealthReportPage.Render(new HealthReport { TenantId = "contoso.onmicrosoft.com", GeneratedAtUtc = Now, Days = 30, Services = services, Posts = Array.Empty<MessageCenterPost>() });

            Assert.True(XmlSafeText.IsClean(html), "the page holds no character XML or HTML forbids");
            var errors = new List<string>();
            var parser = new HtmlParser();
            parser.Error += (sender, e) => errors.Add(((AngleSharp.Html.Dom.Events.HtmlErrorEvent)e).Message);
            var document = parser.ParseDocument(html);
            Assert.Empty(errors);
            Assert.Contains("Bad \uFFFD title", document.Body.TextContent);
            Assert.Contains("Good title", document.Body.TextContent);
        }

        [Theory]
        [InlineData("title \u001B]0;owned\u0007 end", "title \u241B]0;owned\u2407 end")]
        [InlineData("\u001B[2Jclear", "\u241B[2Jclear")]
        [InlineData("c1 \u009B31m", "c1 \uFFFD31m")]
        [InlineData("del \u007F bs \u0008", "del \u2421 bs \u2408")]
        [InlineData("bidi \u202Efdp.exe", "bidi \uFFFDfdp.exe")]
        [InlineData("cr\roverwrite", "cr\u240Doverwrite")]
        [InlineData("kept:\ttab\nline\r\nwindows line", "kept:\ttab\nline\r\nwindows line")]
        public void TextForPeopleShowsControlCharactersInsteadOfActingOnThem(string text, string expected)
        {
            Assert.Equal(expected, DisplayText.ForPeople(text));
        }

        [Fact]
        public void LoneSurrogatesAreReplacedForXmlAndForPeople()
        {
            // Not theory data: xUnit cannot carry a lone surrogate through its test case serialization.
            string high = "lone " + '\uD800' + " high";
            string low = "lone " + '\uDC00' + " low";
            string trailing = "emoji \uD83D\uDE00 ok, lone " + '\uD83D';
            Assert.Equal("lone \uFFFD high", XmlSafeText.Clean(high));
            Assert.Equal("lone \uFFFD low", XmlSafeText.Clean(low));
            Assert.Equal("emoji \uD83D\uDE00 ok, lone \uFFFD", XmlSafeText.Clean(trailing));
            Assert.Equal("lone \uFFFD high", DisplayText.ForPeople(high));
            Assert.Equal("emoji \uD83D\uDE00 ok, lone \uFFFD", DisplayText.ForPeople(trailing));
        }

        [Fact]
        public void FlatteningKeepsTextAndDropsDeepScripts()
        {
            string deepScript = Nested(HtmlText.MaxLayoutDepth + 3, "visible<script>hidden()</script><style>p{}</style> more");
            string text = HtmlText.ToPlainText(deepScript, "html");
            Assert.Equal("visible more", text);

            string quoted = HtmlText.ToPlainText(Nested(HtmlText.MaxLayoutDepth + 3, "<a title=don't href=\"x>y\">link</a> end"), "html");
            Assert.Equal("link end", quoted);
        }

        [Fact]
        public void TextForPeopleWithoutControlsIsTheSameInstance()
        {
            string text = "Plain title \u2013 caf\u00E9";
            Assert.Same(text, DisplayText.ForPeople(text));
            Assert.Null(DisplayText.ForPeople(null));
        }
    }
}
