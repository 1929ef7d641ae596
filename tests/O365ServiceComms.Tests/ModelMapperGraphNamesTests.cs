using System;
using System.Linq;
using Newtonsoft.Json;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Graph's names beside the old API's (issue 14), unknown properties kept, and items whose fields are null.</summary>
    public class ModelMapperGraphNamesTests
    {
        private static readonly ModelMapper Mapper = new ModelMapper("contoso.onmicrosoft.com", ServiceCatalog.Empty);

        private static T Read<T>(string json) => GraphJson.Read<T>(json);

        private const string IssueJson = @"{
            ""id"": ""EX1"", ""title"": ""Mail delayed"", ""startDateTime"": ""2024-03-01T08:00:00Z"",
            ""lastModifiedDateTime"": ""2024-03-01T12:00:00Z"", ""isResolved"": false, ""status"": ""serviceDegradation"",
            ""highImpact"": true, ""brandNewField"": {""level"": 3, ""tags"": [""a"", ""b""]}, ""@odata.type"": ""#microsoft.graph.serviceHealthIssue"",
            ""posts"": [
                {""createdDateTime"": ""2024-03-01T11:00:00Z"", ""postType"": ""strategic"", ""description"": {""contentType"": ""html"", ""content"": ""<p>Second &amp; last</p>""}},
                {""createdDateTime"": ""2024-03-01T09:00:00Z"", ""postType"": ""somethingNew"", ""description"": {""contentType"": ""html"", ""content"": ""<p>First</p>""}, ""postExtra"": 1}
            ]
        }";

        [Fact]
        public void PostsCarryGraphNamesInGraphsOrderAndMessagesTheSameDataOldestFirst()
        {
            ServiceIncident incident = Mapper.ToIncident(Read<GraphIssue>(IssueJson));

            Assert.Equal(2, incident.Posts.Count);
            ServiceHealthIssuePost latest = incident.Posts[0];
            Assert.Equal(new DateTime(2024, 3, 1, 11, 0, 0, DateTimeKind.Utc), latest.CreatedDateTime.Value.ToUniversalTime());
            Assert.Equal(DateTimeKind.Local, latest.CreatedDateTime.Value.Kind);
            Assert.Equal("Strategic", latest.PostType);
            Assert.Equal("somethingNew", incident.Posts[1].PostType);
            Assert.Equal("<p>Second &amp; last</p>", latest.Description.Content);
            Assert.Equal("Html", latest.Description.ContentType);
            Assert.Equal("Second & last", latest.MessageText);
            Assert.Equal(1L, incident.Posts[1].AdditionalProperties["postExtra"]);

            Assert.Equal(new[] { "First", "Second & last" }, incident.Messages.Select(post => post.MessageText));
            Assert.Equal(incident.Posts.Select(post => post.CreatedDateTime.Value).OrderBy(time => time), incident.Messages.Select(post => post.PublishedTime));
            Assert.Same(incident.Messages, incident.Messages);
            Assert.Equal("Second & last", incident.LatestPost.MessageText);
        }

        [Fact]
        public void HighImpactAndUnknownPropertiesAreKeptWithoutODataAnnotations()
        {
            ServiceIncident incident = Mapper.ToIncident(Read<GraphIssue>(IssueJson));

            Assert.True(incident.HighImpact);
            Assert.False(incident.AdditionalProperties.ContainsKey("@odata.type"));
            var extra = Assert.IsType<PropertyDictionary>(incident.AdditionalProperties["BRANDNEWFIELD"]);
            Assert.Equal(3L, extra["level"]);
            Assert.Equal(new object[] { "a", "b" }, Assert.IsType<ValueList<object>>(extra["tags"]));
            Assert.Equal("brandNewField=level=3; tags=a; b", incident.AdditionalProperties.ToString());
        }

        [Fact]
        public void ExpiryDateTimeIsReadAndAnOddlyTypedKnownFieldReadsAsNull()
        {
            MessageCenterPost post = Mapper.ToMessageCenterPost(Read<GraphMessage>(@"{
                ""id"": ""MC1"", ""expiryDateTime"": ""2024-06-30T00:00:00Z"", ""isMajorChange"": ""yes"", ""hasAttachments"": {""x"": [1]}, ""title"": {""a"": [1]}, ""category"": 5,
                ""actionRequiredByDateTime"": {""odd"": true}, ""severity"": ""high"", ""futureList"": [1, 2]}"));

            Assert.Equal(new DateTime(2024, 6, 30, 0, 0, 0, DateTimeKind.Utc), post.ExpiryDateTime.Value.ToUniversalTime());
            Assert.Null(post.IsMajorChange);
            Assert.Null(post.HasAttachments);
            Assert.Null(post.ActionRequiredByDateTime);
            Assert.Null(post.Title);
            Assert.Equal("5", post.Category);

            // A string where an object or a list belongs: that field stays empty, the item still comes.
            MessageCenterPost odd = Mapper.ToMessageCenterPost(Read<GraphMessage>(@"{""id"": ""MC9"", ""tags"": ""one"", ""body"": ""not an object""}"));
            Assert.Equal("MC9", odd.Id);
            Assert.Empty(odd.Tags);
            Assert.Null(odd.BodyContent);
            Assert.Equal("High", post.Severity);
            Assert.Equal(new object[] { 1L, 2L }, (ValueList<object>)post.AdditionalProperties["futureList"]);
        }

        [Fact]
        public void AnIssueWhoseFieldsAreAllNullMapsWithEmptyProperties()
        {
            var issue = Read<GraphIssue>(@"{""id"": ""EX2"", ""isResolved"": null, ""status"": null, ""classification"": null, ""title"": null,
                ""posts"": null, ""details"": null, ""startDateTime"": null, ""endDateTime"": null, ""lastModifiedDateTime"": null,
                ""service"": null, ""highImpact"": null, ""origin"": null, ""feature"": null, ""featureGroup"": null, ""impactDescription"": null}");

            ServiceIncident incident = Mapper.ToIncident(issue);

            Assert.Equal("EX2", incident.Id);
            Assert.Null(incident.IsResolved);
            Assert.Null(incident.Status);
            Assert.Null(incident.Title);
            Assert.Empty(incident.Posts);
            Assert.Empty(incident.Messages);
            Assert.Null(incident.LatestPost);
            Assert.Empty(incident.Details);
            Assert.Empty(incident.Workload);
            Assert.Equal(default, incident.StartDateTime);

            // An issue that does not say whether it is resolved counts as active on the status.
            ServiceStatus status = Mapper.ToStatus(new GraphServiceHealth { Id = "Exchange", Issues = new[] { issue, null } }, DateTime.Now);
            Assert.Equal(new[] { "EX2" }, status.IncidentIds);
        }

        [Fact]
        public void AMessageWhoseFieldsAreAllNullMapsWithEmptyProperties()
        {
            MessageCenterPost post = Mapper.ToMessageCenterPost(Read<GraphMessage>(@"{""id"": ""MC2"", ""severity"": null, ""category"": null,
                ""services"": null, ""tags"": null, ""body"": null, ""isMajorChange"": null, ""hasAttachments"": null, ""viewPoint"": null,
                ""details"": [null, {""name"": ""ExternalLink"", ""value"": ""https://example.test""}], ""startDateTime"": null}"));

            Assert.Null(post.Severity);
            Assert.Null(post.Category);
            Assert.Empty(post.Services);
            Assert.Empty(post.Tags);
            Assert.Null(post.IsMajorChange);
            Assert.Null(post.HasAttachments);
            Assert.Equal(string.Empty, post.Body);
            Assert.Null(post.BodyContent);
            Assert.Equal("ExternalLink=https://example.test", post.Details.ToString());
            Assert.Equal(string.Empty, Assert.Single(post.Messages).MessageText);
        }

        [Fact]
        public void NullEntriesInsideListsCostOnlyThemselves()
        {
            var issue = Read<GraphIssue>(@"{""id"": ""EX3"", ""posts"": [null, {""postType"": ""regular"", ""description"": null}, {""createdDateTime"": null}]}");
            ServiceIncident incident = Mapper.ToIncident(issue);
            Assert.Equal(2, incident.Posts.Count);
            Assert.Null(incident.Posts[0].Description);
            Assert.Equal(string.Empty, incident.Posts[0].MessageText);
            Assert.Null(incident.Posts[1].CreatedDateTime);
            Assert.Equal(2, incident.Messages.Count);

            MessageCenterPost post = Mapper.ToMessageCenterPost(Read<GraphMessage>(@"{""id"": ""MC3"", ""tags"": [null, ""New feature""], ""services"": [""Exchange Online"", null]}"));
            Assert.Equal(new[] { "New feature" }, post.Tags);
            Assert.Equal(new[] { "Exchange Online" }, post.Services);
        }

        [Fact]
        public void BothKindsHaveTheSamePropertiesSoAMixedExportKeepsEveryColumn()
        {
            string[] Names(Type type) => type.GetProperties().Select(property => property.Name).OrderBy(name => name).ToArray();
            Assert.Equal(Names(typeof(ServiceIncident)), Names(typeof(MessageCenterPost)));
            Assert.Contains("Category", Names(typeof(ServiceIncident)));
            Assert.Contains("Classification", Names(typeof(MessageCenterPost)));
        }

        [Fact]
        public void ListsReadAsTextJoinedWithSemicolons()
        {
            var list = new ValueList<string>(new[] { "LY197383", "EX261233" });
            Assert.Equal("LY197383; EX261233", list.ToString());
            Assert.Equal(2, list.Count);
            Assert.Equal("EX261233", ((System.Collections.IList)list)[1]);
            Assert.Throws<NotSupportedException>(() => ((System.Collections.IList)list).Add("x"));
            Assert.Equal(string.Empty, ValueList<string>.Empty.ToString());
        }

        [Fact]
        public void AttachmentsCarryGraphsFieldsAndTheirPost()
        {
            ServiceMessageAttachment attachment = Mapper.ToAttachment(Read<GraphAttachment>(@"{""contentType"": ""application/csv"", ""isInline"": false,
                ""lastModifiedDateTime"": ""2021-09-21T04:07:15.9720778Z"", ""name"": ""users.csv"", ""size"": 44583, ""id"": ""30356a46"", ""newThing"": ""x""}"), "MC54091");

            Assert.Equal("30356a46", attachment.Id);
            Assert.Equal("users.csv", attachment.Name);
            Assert.Equal(44583L, attachment.Size);
            Assert.False(attachment.IsInline);
            Assert.Equal("MC54091", attachment.MessageId);
            Assert.Equal("contoso.onmicrosoft.com", attachment.TenantId);
            Assert.Equal(DateTimeKind.Local, attachment.LastModifiedDateTime.Value.Kind);
            Assert.Equal("x", attachment.AdditionalProperties["newThing"]);
        }
    }
}
