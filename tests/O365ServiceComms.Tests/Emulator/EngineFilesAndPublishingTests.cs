using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using O365ServiceComms.Graph;
using O365ServiceComms.Publishing;
using O365ServiceComms.Session;
using O365ServiceComms.State;
using O365ServiceComms.Text;
using Xunit;

namespace O365ServiceComms.Tests.Emulator
{
    /// <summary>Downloads, the -StatePath file, feeds, the report page and HTML to text, from what the emulator serves.</summary>
    [Collection(EmulatorCollection.Name)]
    public sealed class EngineFilesAndPublishingTests : IDisposable
    {
        private readonly EmulatorFixture _emulator;
        private readonly Connection _connection;
        private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "o365sc-engine-" + Guid.NewGuid().ToString("N"))).FullName;

        public EngineFilesAndPublishingTests(EmulatorFixture emulator)
        {
            _emulator = emulator;
            _emulator.Reset();
            _connection = emulator.ConnectWithSecret();
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private GraphClient Graph => _connection.Graph;

        private ModelMapper Mapper() => new ModelMapper(EmulatorFixture.TenantDomain, ServiceStatusReader.Catalog(_connection, Graph, CancellationToken.None));

        [Fact]
        public void DownloadsAPostIncidentReview()
        {
            using (GraphDownload download = Graph.Download("issues/EX231055/incidentReport", CancellationToken.None))
            using (var file = new MemoryStream())
            {
                download.CopyTo(file, CancellationToken.None);
                Assert.Equal("EX231055 - Post-incident review.pdf", download.SuggestedFileName);
                Assert.Equal("%PDF", Encoding.ASCII.GetString(file.ToArray(), 0, 4));
                // The whole file came: it ends with the trailer (GraphDownload no longer exposes Content-Length).
                Assert.EndsWith("%%EOF", Encoding.ASCII.GetString(file.ToArray()).TrimEnd());
            }
        }

        [Fact]
        public void DownloadsTheAttachmentsArchive()
        {
            using (GraphDownload download = Graph.Download("messages/MC151200/attachmentsArchive", CancellationToken.None))
            using (var file = new MemoryStream())
            {
                download.CopyTo(file, CancellationToken.None);
                file.Position = 0;
                using (var zip = new ZipArchive(file, ZipArchiveMode.Read))
                {
                    Assert.Equal(2, zip.Entries.Count);
                    Assert.All(zip.Entries, entry => Assert.EndsWith(".csv", entry.Name));
                }
            }
        }

        [Fact]
        public void ReportsAReviewThatIsNotPublished()
        {
            var failure = Assert.Throws<GraphRequestException>(() => Graph.Download("issues/LY197383/incidentReport", CancellationToken.None));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, failure.StatusCode);
        }

        [Fact]
        public void TheStateFileSeesOnlyWhatChangedSinceTheLastRun()
        {
            string path = Path.Combine(_folder, "state.json");
            Assert.Equal(55, NewOrChangedIssues(path).Count);
            Assert.Empty(NewOrChangedIssues(path));

            _emulator.Control("issues/SP197263/touch", "{\"post\": \"<p>More users affected.</p>\"}");
            Assert.Equal(new[] { "SP197263" }, NewOrChangedIssues(path));
        }

        [Fact]
        public void BuildsAnRssFeedOfTheMessageCenter()
        {
            ModelMapper mapper = Mapper();
            List<ServiceMessage> posts = Graph.GetCollection<GraphMessage>("messages", CancellationToken.None)
                .Select(message => (ServiceMessage)mapper.ToMessageCenterPost(message)).ToList();

            byte[] feed = ServiceFeed.Build(posts, FeedFormat.Rss, "Message Center", ServiceFeed.DefaultLink, DateTime.UtcNow);

            XDocument rss = XDocument.Load(new MemoryStream(feed));
            XElement[] items = rss.Descendants("item").ToArray();
            Assert.Equal(141, items.Length);
            Assert.All(items, item => Assert.DoesNotContain("<p>", (string)item.Element("description") ?? string.Empty));
        }

        [Fact]
        public void RendersTheHealthReportPageOfTheTenant()
        {
            ModelMapper mapper = Mapper();
            DateTime now = DateTime.UtcNow;
            List<ServiceStatus> services = Graph.GetCollection<GraphServiceHealth>("healthOverviews?$expand=issues", CancellationToken.None)
                .Select(service => mapper.ToStatus(service, now)).ToList();

            string page = HealthReportPage.Render(new HealthReport { TenantId = EmulatorFixture.TenantDomain, GeneratedAtUtc = now, Days = 7, Services = services });

            Assert.Contains("LY197383", page);
            Assert.Contains("Exchange Online", page);
            Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void TurnsThePostsHtmlIntoText()
        {
            GraphIssue issue = Graph.GetItemOrDefault<GraphIssue>("issues/LY197383", CancellationToken.None);
            GraphPost post = issue.Posts.First();
            Assert.Equal("html", post.Description.ContentType, ignoreCase: true);

            string text = HtmlText.ToPlainText(post.Description.Content, post.Description.ContentType);

            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.DoesNotMatch(@"<\s*/?\s*(p|br|div|span|a|b|ul|li)\b", text);
            Assert.DoesNotContain("&amp;", text);
        }

        private List<string> NewOrChangedIssues(string path)
        {
            MessageStateFile state = MessageStateFile.Load(path, EmulatorFixture.TenantDomain);
            CollectionState issues = state.Collection("issues");
            var changed = new List<string>();
            // As Get-O365ServiceMessage -StatePath asks: only what changed since the newest item known, less the overlap.
            string filter = new ODataFilterBuilder().OnOrAfter("lastModifiedDateTime", issues.Since).Build();
            string query = filter == null ? "issues" : "issues?$filter=" + Uri.EscapeDataString(filter);
            foreach (GraphIssue issue in Graph.GetCollection<GraphIssue>(query, CancellationToken.None))
            {
                if (issues.IsNewOrChanged(issue.Id, issue.LastModifiedDateTime.Value))
                {
                    changed.Add(issue.Id);
                }
            }

            issues.Complete();
            state.Save();
            return changed;
        }
    }
}
