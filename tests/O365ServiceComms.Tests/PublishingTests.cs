using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using O365ServiceComms.Graph;
using O365ServiceComms.Publishing;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class PublishingTests
    {
        private const string Hostile = "Mail <script>alert('x')</script> & \"more\"";
        private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
        private static readonly DateTime Now = new DateTime(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc);

        private static readonly ModelMapper Mapper = new ModelMapper("contoso.onmicrosoft.com", new ServiceCatalog(new[]
        {
            new KeyValuePair<string, string>("Exchange", "Exchange Online"),
            new KeyValuePair<string, string>("microsoftteams", "Microsoft Teams"),
        }));

        private static ServiceIncident Incident(string id, string title, DateTime lastModified, params string[] posts) =>
            Mapper.ToIncident(new GraphIssue
            {
                Id = id,
                Title = title,
                Classification = "incident",
                Status = "serviceDegradation",
                Service = "Exchange Online",
                ImpactDescription = "Users can't send mail.",
                StartDateTime = lastModified.AddHours(-3),
                LastModifiedDateTime = lastModified,
                Posts = posts.Select((content, index) => new GraphPost
                {
                    CreatedDateTime = lastModified.AddHours(index - posts.Length + 1),
                    PostType = "regular",
                    Description = new GraphItemBody { ContentType = "html", Content = content },
                }).ToArray(),
            });

        private static MessageCenterPost Post(string id, string title, DateTime lastModified, DateTime? actionRequiredBy = null, string body = "<p>Body</p>") =>
            Mapper.ToMessageCenterPost(new GraphMessage
            {
                Id = id,
                Title = title,
                Category = "planForChange",
                Severity = "high",
                Services = new[] { "Microsoft Teams", "Exchange Online" },
                IsMajorChange = true,
                ActionRequiredByDateTime = actionRequiredBy,
                StartDateTime = lastModified.AddDays(-1),
                LastModifiedDateTime = lastModified,
                Body = new GraphItemBody { ContentType = "html", Content = body },
            });

        private static XDocument Feed(IReadOnlyList<ServiceMessage> messages, FeedFormat format, string title = null, Uri link = null)
        {
            byte[] bytes = ServiceFeed.Build(messages, format, title, link, Now);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte order mark");
            string xml = Encoding.UTF8.GetString(bytes);
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
            return XDocument.Parse(xml);
        }

        [Fact]
        public void RssHasChannelAndOneItemPerMessageNewestFirst()
        {
            var messages = new ServiceMessage[]
            {
                Incident("EX100", "Older", Now.AddDays(-2), "<p>first</p>", "<p>latest &amp; greatest</p>"),
                Post("MC200", "Newer", Now.AddHours(-1), Now.AddDays(20)),
            };
            XDocument rss = Feed(messages, FeedFormat.Rss, link: new Uri("https://intranet.contoso.com/health"));

            Assert.Equal("rss", rss.Root.Name.LocalName);
            Assert.Equal("2.0", (string)rss.Root.Attribute("version"));
            XElement channel = Assert.Single(rss.Root.Elements("channel"));
            Assert.Equal("Microsoft 365 service health and Message Center (contoso.onmicrosoft.com)", (string)channel.Element("title"));
            Assert.Equal("https://intranet.contoso.com/health", (string)channel.Element("link"));
            Assert.False(string.IsNullOrWhiteSpace((string)channel.Element("description")));

            var items = channel.Elements("item").ToList();
            Assert.Equal(new[] { "MC200", "EX100" }, items.Select(item => (string)item.Element("guid")));
            Assert.All(items, item => Assert.Equal("false", (string)item.Element("guid").Attribute("isPermaLink")));
            Assert.Equal("Older", (string)items[1].Element("title"));
            Assert.Contains("latest &amp; greatest", (string)items[1].Element("description"));
            Assert.DoesNotContain("first", (string)items[1].Element("description"));
            Assert.Equal("https://admin.microsoft.com/Adminportal/Home#/servicehealth/:/alerts/EX100", (string)items[1].Element("link"));
            Assert.Equal("https://admin.microsoft.com/Adminportal/Home#/MessageCenter/:/messages/MC200", (string)items[0].Element("link"));
            Assert.Equal(new[] { "Microsoft Teams", "Exchange Online" }, items[0].Elements("category").Select(category => (string)category));
        }

        [Fact]
        public void RssDatesAreRfc822FromLastModified()
        {
            DateTime lastModified = new DateTime(2021, 11, 16, 9, 12, 37, DateTimeKind.Utc);
            XDocument rss = Feed(new ServiceMessage[] { Incident("LY1", "t", lastModified, "<p>x</p>") }, FeedFormat.Rss);
            XElement channel = rss.Root.Element("channel");
            string pubDate = (string)channel.Element("item").Element("pubDate");

            // RFC 822 section 5: [day ","] 1*2DIGIT month 2*4DIGIT hh:mm[:ss] zone.
            Assert.Matches(new Regex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (UT|GMT|Z|[+-]\d{4})$"), pubDate);
            Assert.StartsWith("Tue, 16 Nov 2021 09:12:37 ", pubDate);
            Assert.Equal(pubDate, (string)channel.Element("lastBuildDate"));
        }

        [Fact]
        public void RssDescriptionKeepsMarkupAsText()
        {
            XDocument rss = Feed(new ServiceMessage[] { Incident("EX1", Hostile, Now, "<p>Use &lt;b&gt; and <b>this</b></p><script>alert(1)</script>") }, FeedFormat.Rss);
            XElement item = rss.Root.Element("channel").Element("item");

            // The title is plain text; the description is HTML made from plain text: a reader renders the characters, never the markup.
            Assert.Equal(Hostile, (string)item.Element("title"));
            string description = (string)item.Element("description");
            Assert.DoesNotContain("<script", description);
            Assert.DoesNotContain("<b>", description);
            Assert.Contains("Use &lt;b&gt; and this", description);
            Assert.Contains("<br />", description);
        }

        [Fact]
        public void AtomHasIdsUpdatedAuthorAndPlainTextContent()
        {
            DateTime lastModified = new DateTime(2021, 11, 16, 9, 12, 37, DateTimeKind.Utc);
            var messages = new ServiceMessage[]
            {
                Incident("EX1", Hostile, lastModified, "<p>We&#39;re on it &lt;now&gt;</p>"),
                Post("MC2", "Retirement", lastModified.AddDays(-1), body: "<p>Plan <i>now</i></p>"),
            };
            XDocument atom = Feed(messages, FeedFormat.Atom, title: "Contoso health");

            XElement feed = atom.Root;
            Assert.Equal(Atom + "feed", feed.Name);
            Assert.Equal("Contoso health", (string)feed.Element(Atom + "title"));
            Assert.StartsWith("urn:uuid:", (string)feed.Element(Atom + "id"));
            Assert.True(Uri.IsWellFormedUriString((string)feed.Element(Atom + "id"), UriKind.Absolute));
            Assert.Equal("2021-11-16T09:12:37Z", (string)feed.Element(Atom + "updated"));
            Assert.Equal("Microsoft", (string)feed.Element(Atom + "author").Element(Atom + "name"));

            var entries = feed.Elements(Atom + "entry").ToList();
            Assert.Equal(2, entries.Count);
            XElement entry = entries[0];
            Assert.Equal("urn:o365servicecomms:message:EX1", (string)entry.Element(Atom + "id"));
            Assert.True(Uri.IsWellFormedUriString((string)entry.Element(Atom + "id"), UriKind.Absolute));
            Assert.Equal("2021-11-16T09:12:37Z", (string)entry.Element(Atom + "updated"));
            Assert.Equal("2021-11-16T06:12:37Z", (string)entry.Element(Atom + "published"));
            Assert.Equal(Hostile, (string)entry.Element(Atom + "title"));
            XElement content = entry.Element(Atom + "content");
            Assert.Equal("text", (string)content.Attribute("type"));
            Assert.EndsWith("We're on it <now>", (string)content);
            Assert.Equal("alternate", (string)entry.Element(Atom + "link").Attribute("rel"));

            // RFC 3339 date-times everywhere.
            var rfc3339 = new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$");
            Assert.All(atom.Descendants().Where(e => e.Name == Atom + "updated" || e.Name == Atom + "published"), e => Assert.Matches(rfc3339, e.Value));
            Assert.Contains("Plan now", (string)entries[1].Element(Atom + "content"));
        }

        [Fact]
        public void FeedIdIsStableAndDependsOnTitle()
        {
            var messages = new ServiceMessage[] { Incident("EX1", "t", Now, "<p>x</p>") };
            string Id(string title) => (string)Feed(messages, FeedFormat.Atom, title).Root.Element(Atom + "id");
            Assert.Equal(Id("A"), Id("A"));
            Assert.NotEqual(Id("A"), Id("B"));
        }

        [Fact]
        public void EmptyFeedIsStillValid()
        {
            XDocument rss = Feed(Array.Empty<ServiceMessage>(), FeedFormat.Rss);
            Assert.Empty(rss.Root.Element("channel").Elements("item"));
            XDocument atom = Feed(Array.Empty<ServiceMessage>(), FeedFormat.Atom);
            Assert.Equal("2026-01-10T12:00:00Z", (string)atom.Root.Element(Atom + "updated"));
        }

        [Fact]
        public void MessageCenterItemTextHasActionRequiredDateAndBody()
        {
            string text = ServiceFeed.ItemText(Post("MC1", "t", Now, new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), "<p>Do <b>this</b>.</p>"));
            Assert.Contains("Services: Microsoft Teams, Exchange Online", text);
            Assert.Contains("Severity: High (major change)", text);
            Assert.Contains("Action required by: 2026-02-01", text);
            Assert.EndsWith("Do this.", text);
        }

        private static HealthReport Report(params ServiceIncident[] incidents)
        {
            var services = new List<ServiceStatus>
            {
                Mapper.ToStatus(new GraphServiceHealth { Id = "Exchange", Service = "Exchange Online", Status = "serviceDegradation", Issues = Array.Empty<GraphIssue>() }, Now),
                Mapper.ToStatus(new GraphServiceHealth { Id = "microsoftteams", Service = "Microsoft Teams", Status = "serviceOperational" }, Now),
                Mapper.ToStatus(new GraphServiceHealth { Id = "Intune", Service = "Microsoft Intune", Status = "serviceInterruption" }, Now),
                Mapper.ToStatus(new GraphServiceHealth { Id = "New", Service = "Something new", Status = "somethingMicrosoftAddsLater" }, Now),
            };
            services[0].ActiveIncidents = incidents;
            services[0].IncidentIds = new ValueList<string>(incidents.Select(incident => incident.Id).ToArray());
            return new HealthReport
            {
                TenantId = "contoso.onmicrosoft.com",
                GeneratedAtUtc = Now,
                Days = 30,
                Services = services,
                Posts = new[]
                {
                    Post("MC1", "Past <due>", Now.AddDays(-3), Now.AddDays(-1)),
                    Post("MC2", "Soon", Now.AddDays(-2), Now.AddDays(5)),
                    Post("MC3", "Later", Now.AddDays(-1), Now.AddDays(60)),
                    Post("MC4", "None", Now.AddDays(-4)),
                },
            };
        }

        private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html, List<string> errors)
        {
            var parser = new HtmlParser();
            parser.Error += (sender, e) => errors.Add(((AngleSharp.Html.Dom.Events.HtmlErrorEvent)e).Message + " at " + ((AngleSharp.Html.Dom.Events.HtmlErrorEvent)e).Position);
            return parser.ParseDocument(html);
        }

        [Fact]
        public void ReportIsWellFormedHtml5WithoutScriptsOrOutsideResources()
        {
            string html = HealthReportPage.Render(Report(Incident("EX1", "Mail delays", Now, "<p>x</p>")));
            var errors = new List<string>();
            var document = Parse(html, errors);

            Assert.Empty(errors);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
            Assert.Equal("utf-8", document.QuerySelector("meta[charset]").GetAttribute("charset"));
            Assert.Contains("default-src 'none'", document.QuerySelector("meta[http-equiv='Content-Security-Policy']").GetAttribute("content"));
            Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, embed, base"));
            Assert.Single(document.QuerySelectorAll("style"));
            Assert.DoesNotContain("url(", document.QuerySelector("style").TextContent);
            Assert.DoesNotContain("@import", document.QuerySelector("style").TextContent);
            Assert.All(document.QuerySelectorAll("a[href]"), a =>
                Assert.True(a.GetAttribute("href").StartsWith("#") || a.GetAttribute("href").StartsWith("https://admin.microsoft.com/"), a.GetAttribute("href")));
        }

        [Fact]
        public void ReportColoursEveryServiceByStatusProblemsFirst()
        {
            var document = Parse(HealthReportPage.Render(Report()), new List<string>());
            var services = document.QuerySelectorAll("#services li.service").ToList();

            Assert.Equal(4, services.Count);
            Assert.Equal(new[] { "Microsoft Intune", "Exchange Online", "Something new", "Microsoft Teams" }, services.Select(li => li.QuerySelector(".name").TextContent));
            Assert.Equal(new[] { "st-down", "st-warn", "st-unknown", "st-ok" }, services.Select(li => li.ClassList.First(c => c.StartsWith("st-"))));
            Assert.Equal("Service degradation", services[1].QuerySelector(".badge").TextContent);
            // A status this version does not know keeps its value, in a neutral colour.
            Assert.Equal("somethingMicrosoftAddsLater", services[2].QuerySelector(".badge").GetAttribute("title"));
            Assert.Equal("Something microsoft adds later", services[2].QuerySelector(".badge").TextContent);
        }

        [Fact]
        public void ReportShowsIncidentsWithLatestUpdateAndEncodesHostileText()
        {
            ServiceIncident incident = Incident("EX1", Hostile, Now, "<p>old post</p>", "<p>Fixing &lt;it&gt;</p><script>alert(2)</script><img src=x onerror=alert(3)>");
            string html = HealthReportPage.Render(Report(incident));
            var errors = new List<string>();
            var document = Parse(html, errors);

            Assert.Empty(errors);
            Assert.Empty(document.QuerySelectorAll("script, img"));
            Assert.DoesNotContain("<script>alert", html);
            var article = Assert.Single(document.QuerySelectorAll("#incidents article.incident"));
            Assert.Equal("incident-EX1", article.Id);
            Assert.Equal("EX1 " + Hostile, article.QuerySelector("h3").TextContent);
            Assert.Equal("Fixing <it>", article.QuerySelector(".post .text").TextContent);
            Assert.DoesNotContain("old post", article.TextContent);
            Assert.Equal("#incident-EX1", document.QuerySelector("#services li.service a").GetAttribute("href"));
        }

        [Fact]
        public void ReportListsPostsWithActionRequiredDates()
        {
            var document = Parse(HealthReportPage.Render(Report()), new List<string>());
            var rows = document.QuerySelectorAll("#message-center tbody tr").ToList();

            Assert.Equal(new[] { "MC3", "MC2", "MC1", "MC4" }, rows.Select(row => row.QuerySelector("td").TextContent));
            string Due(string id) => rows.Single(row => row.QuerySelector("td").TextContent == id).QuerySelectorAll("td")[5].ClassName ?? string.Empty;
            Assert.Equal("due-later", Due("MC3"));
            Assert.Equal("due-soon", Due("MC2"));
            Assert.Equal("due-past", Due("MC1"));
            Assert.Equal(string.Empty, Due("MC4"));
            Assert.Equal(Now.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[1].QuerySelector("td.due-soon time").TextContent);
            Assert.Equal("Past <due>", rows[2].QuerySelector("summary").TextContent);
        }

        [Fact]
        public void ReportSaysWhyMessageCenterIsMissing()
        {
            HealthReport report = Report();
            report.Posts = Array.Empty<MessageCenterPost>();
            report.MessageCenterProblem = "Access denied <b>";
            var document = Parse(HealthReportPage.Render(report), new List<string>());
            Assert.Equal("The Message Center posts could not be read: Access denied <b>", document.QuerySelector("#message-center .problem").TextContent);
            Assert.Empty(document.QuerySelectorAll("#message-center b"));
        }
    }
}
