using System;
using System.Collections.Generic;
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
    public class GraphClientTests
    {
        private const string Root = "https://graph.example.test/v1.0/admin/serviceAnnouncement/";

        private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            response.Headers.Add("request-id", "11111111-2222-3333-4444-555555555555");
            return response;
        }

        private static string Page(int from, int count, string nextLink, bool linkFirst)
        {
            string items = string.Join(",", Enumerable.Range(from, count).Select(i => "{\"id\":\"EX" + i.ToString("000000") + "\",\"isResolved\":true,\"unknownField\":{\"a\":[1,2]}}"));
            string link = nextLink == null ? null : "\"@odata.nextLink\":\"" + nextLink + "\"";
            var parts = new List<string> { "\"@odata.context\":\"x\"" };
            if (link != null && linkFirst) parts.Add(link);
            parts.Add("\"value\":[" + items + "]");
            if (link != null && !linkFirst) parts.Add(link);
            return "{" + string.Join(",", parts) + "}";
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void FollowsNextLinksWhereverTheyStandAndNeverSendsTop(bool linkFirst)
        {
            var handler = new ScriptedHandler(request =>
            {
                string query = request.RequestUri!.Query;
                if (query.Contains("skiptoken=2")) return Json(Page(200, 50, null, linkFirst));
                if (query.Contains("skiptoken=1")) return Json(Page(100, 100, Root + "issues?$skiptoken=2", linkFirst));
                return Json(Page(0, 100, Root + "issues?$skiptoken=1", linkFirst));
            });
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler));

            var ids = client.GetCollection<GraphIssue>("issues", CancellationToken.None).Select(issue => issue.Id).ToList();

            Assert.Equal(250, ids.Count);
            Assert.Equal(250, ids.Distinct().Count());
            Assert.Equal(3, handler.Requests.Count);
            Assert.All(handler.Requests, request =>
            {
                Assert.DoesNotContain("$top", request.RequestUri!.OriginalString, StringComparison.OrdinalIgnoreCase);
                Assert.Equal("odata.maxpagesize=1000", string.Join(",", request.Headers.GetValues("Prefer")));
                Assert.Equal("Bearer", request.Headers.Authorization!.Scheme);
            });
        }

        [Fact]
        public void StopsRequestingPagesWhenTheConsumerStops()
        {
            var handler = new ScriptedHandler(_ => Json(Page(0, 10, Root + "issues?$skiptoken=1", linkFirst: false)));
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler));

            var firstThree = client.GetCollection<GraphIssue>("issues", CancellationToken.None).Take(3).ToList();

            Assert.Equal(3, firstThree.Count);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("https://evil.example.test/v1.0/admin/serviceAnnouncement/issues?$skiptoken=1")]
        [InlineData("http://graph.example.test/v1.0/admin/serviceAnnouncement/issues?$skiptoken=1")]
        [InlineData("https://graph.example.test:8443/v1.0/admin/serviceAnnouncement/issues?$skiptoken=1")]
        public void RefusesNextLinksToAnotherOrigin(string nextLink)
        {
            var handler = new ScriptedHandler(_ => Json(Page(0, 2, nextLink, linkFirst: true)));
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler));

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() =>
            {
                foreach (GraphIssue issue in client.GetCollection<GraphIssue>("issues", CancellationToken.None)) read.Add(issue.Id);
            });

            Assert.Equal(ServiceCommsErrorKind.LinkRefused, error.Kind);
            Assert.Equal(2, read.Count);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public void ANullEntryInAPageCostsOnlyItselfAndIsReportedWithThePage()
        {
            var handler = new ScriptedHandler(request => request.RequestUri.Query.Contains("skiptoken")
                ? Json("{\"value\": [{\"id\": \"EX3\"}, null]}")
                : Json("{\"value\": [null, {\"id\": \"EX1\"}, {\"id\": \"EX2\"}], \"@odata.nextLink\": \"" + Root + "issues?$skiptoken=2\"}"));
            var warnings = new List<string>();
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler))
                .WithLog(_ => { }, null, warnings.Add);

            var ids = client.GetCollection<GraphIssue>("issues", CancellationToken.None).Select(issue => issue.Id).ToList();

            Assert.Equal(new[] { "EX1", "EX2", "EX3" }, ids);
            Assert.Equal(2, warnings.Count);
            Assert.Contains("The page " + Root + "issues held an empty (null) entry", warnings[0]);
            Assert.Contains("The page " + Root + "issues?$skiptoken=2 held an empty (null) entry", warnings[1]);
        }

        [Fact]
        public void RenewsTheTokenOnceOn401()
        {
            var tokens = new FakeTokens();
            int calls = 0;
            var handler = new ScriptedHandler(_ => ++calls == 1
                ? Json("{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has expired or is not yet valid.\"}}", HttpStatusCode.Unauthorized)
                : Json(Page(0, 1, null, false)));
            var client = new GraphClient(new Uri("https://graph.example.test"), tokens, new HttpClient(handler));

            Assert.Single(client.GetCollection<GraphIssue>("issues", CancellationToken.None));
            Assert.Equal(new[] { false, true }, tokens.Calls);
            Assert.Equal("Bearer token-2", handler.Requests[1].Headers.Authorization!.ToString());
        }

        [Fact]
        public void ReportsGraphErrorsWithCodeAndRequestId()
        {
            var handler = new ScriptedHandler(_ => Json(
                "{\"error\":{\"code\":\"UnknownError\",\"message\":\"\",\"innerError\":{\"request-id\":\"abc-123\",\"date\":\"2026-01-01T00:00:00\"}}}",
                HttpStatusCode.Forbidden));
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler));

            var error = Assert.Throws<GraphRequestException>(() => client.GetCollection<GraphIssue>("issues", CancellationToken.None).ToList());
            Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
            Assert.Equal("UnknownError", error.GraphErrorCode);
            Assert.Equal("abc-123", error.RequestId);
            Assert.Contains("abc-123", error.Message);
        }

        [Fact]
        public void ACutOffPageIsReportedNotSwallowed()
        {
            var handler = new ScriptedHandler(_ => Json("{\"value\":[{\"id\":\"EX1\"},{\"id\":\"EX2\""));
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler));

            var read = new List<string>();
            var error = Assert.Throws<GraphRequestException>(() =>
            {
                foreach (GraphIssue issue in client.GetCollection<GraphIssue>("issues", CancellationToken.None)) read.Add(issue.Id);
            });
            Assert.Equal(ServiceCommsErrorKind.InvalidResponse, error.Kind);
            Assert.Equal(new[] { "EX1" }, read);
        }

        [Fact]
        public void GetItemReturnsNullOn404()
        {
            var handler = new ScriptedHandler(_ => Json("{\"error\":{\"code\":\"NotFound\",\"message\":\"nope\"}}", HttpStatusCode.NotFound));
            var client = new GraphClient(new Uri("https://graph.example.test"), new FakeTokens(), new HttpClient(handler));
            Assert.Null(client.GetItemOrDefault<GraphIssue>("issues/EX1", CancellationToken.None));
        }
    }
}
