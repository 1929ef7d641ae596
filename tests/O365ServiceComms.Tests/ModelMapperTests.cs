using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class ModelMapperTests
    {
        private static readonly ServiceCatalog Catalog = new ServiceCatalog(new[]
        {
            new KeyValuePair<string, string>("Exchange", "Exchange Online"),
            new KeyValuePair<string, string>("SharePoint", "SharePoint Online"),
            new KeyValuePair<string, string>("OneDriveForBusiness", "OneDrive for Business"),
            new KeyValuePair<string, string>("OSDPPlatform", "Microsoft 365 suite"),
        });

        private static T Sample<T>(string name) =>
            JsonConvert.DeserializeObject<T>(TestFolder.SampleText(name), GraphJson.Settings());

        [Fact]
        public void IssueCarriesGraphAndLegacyNames()
        {
            var issue = Sample<GraphIssue>("issues_get.json");
            ServiceIncident incident = new ModelMapper("contoso.onmicrosoft.com", Catalog).ToIncident(issue);

            Assert.Equal("MO226784", incident.Id);
            Assert.Equal("Incident", incident.MessageType);
            Assert.Equal("Advisory", incident.Classification);
            Assert.Equal("ServiceRestored", incident.Status);
            Assert.Equal("Microsoft 365 suite", incident.Service);
            Assert.Equal("OSDPPlatform", incident.ServiceId);
            Assert.Equal(new[] { "OSDPPlatform" }, incident.Workload);
            Assert.Equal(new[] { "Microsoft 365 suite" }, incident.WorkloadDisplayName);
            Assert.Equal("Portal", incident.FeatureDisplayName);
            Assert.Null(incident.Severity);
            Assert.True(incident.IsResolved);
            Assert.Equal(new DateTime(2020, 11, 14, 8, 15, 0, DateTimeKind.Utc), incident.StartTime.ToUniversalTime());
            Assert.Equal(DateTimeKind.Local, incident.LastUpdatedTime.Kind);
            Assert.Equal(incident.LastModifiedDateTime, incident.LastUpdatedTime);
            Assert.Equal("contoso.onmicrosoft.com", incident.TenantId);

            ServiceMessagePost post = Assert.Single(incident.Messages);
            Assert.Equal("Regular", post.PostType);
            ServiceHealthIssuePost graphPost = Assert.Single(incident.Posts);
            Assert.Equal(new DateTime(2020, 11, 12, 7, 7, 38, 970, DateTimeKind.Utc), graphPost.CreatedDateTime.Value.ToUniversalTime());
            Assert.Equal(DateTimeKind.Local, graphPost.CreatedDateTime.Value.Kind);
            Assert.Equal(issue.Posts[0].Description.Content, graphPost.Description.Content);
            Assert.Equal("Html", graphPost.Description.ContentType);
            Assert.Equal(post.MessageText, graphPost.MessageText);
            Assert.StartsWith("Title: Intermittently unable to invite partners", post.MessageText);
            Assert.Contains(Environment.NewLine + Environment.NewLine + "User Impact:", post.MessageText);
        }

        [Fact]
        public void MessageCenterPostCarriesSeverityServicesAndBody()
        {
            var message = Sample<GraphMessage>("messages_get.json");
            MessageCenterPost post = new ModelMapper("t", Catalog).ToMessageCenterPost(message);

            Assert.Equal("MC172851", post.Id);
            Assert.Equal("MessageCenter", post.MessageType);
            Assert.Equal("Normal", post.Severity);
            Assert.Equal("StayInformed", post.Category);
            Assert.True(post.IsMajorChange);
            Assert.Null(post.ActionRequiredByDateTime);
            Assert.Equal(new[] { "SharePoint Online", "OneDrive for Business" }, post.Services);
            Assert.Equal(new[] { "SharePoint", "OneDriveForBusiness" }, post.Workload);
            Assert.Equal(post.Services, post.AffectedWorkloadDisplayNames);
            Assert.Equal(new[] { "Updated message" }, post.MessageTagNames);
            Assert.Equal("ExternalLink", Assert.Single(post.Details).Name);
            Assert.Null(post.ViewPoint);
            ServiceMessagePost body = Assert.Single(post.Messages);
            Assert.Equal(post.Body, body.MessageText);
            Assert.Equal(post.LastModifiedDateTime, body.PublishedTime);
            Assert.StartsWith("Updated January 07, 2021", post.Body);
        }

        [Fact]
        public void ContentHeldAsUtf8ReadsAsTheSameTextAsAString()
        {
            var asString = Sample<GraphMessage>("messages_get.json");
            var asUtf8 = Sample<GraphMessage>("messages_get.json");
            string content = asString.Body.Content + " é 日本 😀";
            asString.Body.Content = content;
            asUtf8.Body.ContentSource = System.Text.Encoding.UTF8.GetBytes(content);
            Assert.Equal(content, asUtf8.Body.Content);

            var mapper = new ModelMapper("t", Catalog);
            MessageCenterPost fromString = mapper.ToMessageCenterPost(asString);
            MessageCenterPost fromUtf8 = mapper.ToMessageCenterPost(asUtf8);
            Assert.Equal(content, Assert.Single(fromUtf8.Messages).Content);
            Assert.Equal(fromString.Body, fromUtf8.Body);
            Assert.Same(Assert.Single(fromUtf8.Messages).Content, Assert.Single(fromUtf8.Messages).Content);
        }

        [Fact]
        public void UnknownFieldsAreIgnoredEvenOddlyTyped()
        {
            // The beta sample sends expiryDateTime as the string "null" and hasAttachments: both must not break parsing.
            var message = Sample<GraphMessage>("messages_get_beta.json");
            MessageCenterPost post = new ModelMapper("t", Catalog).ToMessageCenterPost(message);
            Assert.False(post.HasAttachments);
            Assert.Equal("MC172851", post.Id);
        }

        [Fact]
        public void StatusListsOnlyUnresolvedIssues()
        {
            var health = Sample<JObject>("healthOverviews_list_expand_issues.json")["value"]!.ToObject<GraphServiceHealth[]>()!;
            GraphServiceHealth exchange = health.First(service => service.Id == "Exchange");
            exchange.Issues = exchange.Issues.Concat(new[]
            {
                new GraphIssue { Id = "EX999999", IsResolved = false, Title = "Active", Status = "serviceDegradation" },
            }).ToArray();

            ServiceStatus status = new ModelMapper("t", Catalog).ToStatus(exchange, new DateTime(2026, 1, 1));
            Assert.Equal(new[] { "EX999999" }, status.IncidentIds);
            Assert.Equal("Exchange", status.Workload);
            Assert.Equal("Exchange Online", status.WorkloadDisplayName);
            Assert.Equal("ServiceOperational", status.Status);
        }

        [Theory]
        [InlineData("serviceOperational", "ServiceOperational")]
        [InlineData("SERVICEDEGRADATION", "ServiceDegradation")]
        [InlineData("postIncidentReviewPublished", "PostIncidentReviewPublished")]
        [InlineData("planForChange", "PlanForChange")]
        [InlineData("critical", "Critical")]
        [InlineData("somethingNewTomorrow", "somethingNewTomorrow")]
        [InlineData(null, null)]
        public void EnumValuesParseCaseInsensitivelyAndUnknownOnesPassThrough(string sent, string expected)
        {
            Assert.Equal(expected, EnumText.Canonical(sent));
        }
    }
}
