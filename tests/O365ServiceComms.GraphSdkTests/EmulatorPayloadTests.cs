using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using O365ServiceComms.Graph;
using Xunit;
using Sdk = Microsoft.Graph.Models;

namespace O365ServiceComms.GraphSdkTests
{
    /// <summary>
    /// The emulator's answers read twice: by the Graph SDK's own deserializer (Kiota's JsonParseNode) and by the
    /// module (GraphClient and ModelMapper, as the cmdlets read them); the two must agree field by field. So neither
    /// the emulator nor the mapping can drift from Graph's model unnoticed.
    /// </summary>
    public class EmulatorPayloadTests : IClassFixture<EmulatorProcess>
    {
        private readonly EmulatorProcess _emulator;
        private readonly GraphClient _graph;
        private readonly List<string> _differences = new List<string>();

        public EmulatorPayloadTests(EmulatorProcess emulator)
        {
            _emulator = emulator;
            _graph = new GraphClient(emulator.BaseUri, emulator.TokenSource, emulator.Http);
        }

        private ModelMapper Mapper => new ModelMapper("contoso.onmicrosoft.com", ServiceCatalog.Empty);

        [Fact]
        public void IssuesAgreeWithTheSdk()
        {
            var sdk = ReadAll("issues", Sdk.ServiceHealthIssueCollectionResponse.CreateFromDiscriminatorValue, page => page.Value, page => page.OdataNextLink);
            var ours = _graph.GetCollection<GraphIssue>("issues", CancellationToken.None).Select(Mapper.ToIncident).ToList();

            Assert.Equal(55, sdk.Count);
            Assert.Equal(sdk.Select(issue => issue.Id), ours.Select(issue => issue.Id));
            for (int i = 0; i < sdk.Count; i++)
            {
                CompareIssue(sdk[i], ours[i]);
            }

            Assert.Contains(ours, issue => issue.HighImpact == true);
            Assert.True(_differences.Count == 0, string.Join("\n", _differences.Take(50)));
        }

        [Fact]
        public void MessagesAgreeWithTheSdk()
        {
            var sdk = ReadAll("messages", Sdk.ServiceUpdateMessageCollectionResponse.CreateFromDiscriminatorValue, page => page.Value, page => page.OdataNextLink);
            var ours = _graph.GetCollection<GraphMessage>("messages", CancellationToken.None).Select(Mapper.ToMessageCenterPost).ToList();

            Assert.Equal(141, sdk.Count);
            Assert.Equal(sdk.Select(message => message.Id), ours.Select(message => message.Id));
            for (int i = 0; i < sdk.Count; i++)
            {
                Sdk.ServiceUpdateMessage expected = sdk[i];
                MessageCenterPost actual = ours[i];
                string at = actual.Id + ".";
                CompareAnnouncement(at, expected.Title, expected.StartDateTime, expected.EndDateTime, expected.LastModifiedDateTime, expected.Details, actual);
                Same(at + "Category", expected.Category?.ToString(), actual.Category);
                Same(at + "Severity", expected.Severity?.ToString(), actual.Severity);
                Same(at + "Tags", Join(expected.Tags), Join(actual.Tags));
                Same(at + "Services", Join(expected.Services), Join(actual.Services));
                Same(at + "IsMajorChange", expected.IsMajorChange, actual.IsMajorChange);
                Same(at + "HasAttachments", expected.HasAttachments, actual.HasAttachments);
                Same(at + "ActionRequiredByDateTime", expected.ActionRequiredByDateTime?.UtcDateTime, actual.ActionRequiredByDateTime?.ToUniversalTime());
                Same(at + "Body.Content", expected.Body?.Content, actual.BodyContent);
                Same(at + "Body.ContentType", expected.Body?.ContentType?.ToString(), actual.BodyContentType);
                Same(at + "ViewPoint", expected.ViewPoint == null, actual.ViewPoint == null);
                Same(at + "expiryDateTime", Time(Additional(expected.AdditionalData, "expiryDateTime")), actual.ExpiryDateTime?.ToUniversalTime());
            }

            Assert.Contains(ours, message => message.ExpiryDateTime != null);
            Assert.True(_differences.Count == 0, string.Join("\n", _differences.Take(50)));
        }

        [Fact]
        public void HealthOverviewsAgreeWithTheSdk()
        {
            var sdk = ReadAll("healthOverviews?$expand=issues", Sdk.ServiceHealthCollectionResponse.CreateFromDiscriminatorValue, page => page.Value, page => page.OdataNextLink);
            var ours = _graph.GetCollection<GraphServiceHealth>("healthOverviews?$expand=issues", CancellationToken.None)
                .Select(service => Mapper.ToStatus(service, DateTime.Now)).ToList();

            Assert.Equal(27, sdk.Count);
            Assert.Equal(sdk.Select(service => service.Id), ours.Select(service => service.Id));
            for (int i = 0; i < sdk.Count; i++)
            {
                string at = ours[i].Id + ".";
                Same(at + "Service", sdk[i].Service, ours[i].Service);
                Same(at + "Status", sdk[i].Status?.ToString(), ours[i].Status);
                Same(at + "Issues (unresolved)", Join(sdk[i].Issues.Where(issue => issue.IsResolved != true).Select(issue => issue.Id)), Join(ours[i].IncidentIds));
                var expanded = sdk[i].Issues.Where(issue => issue.IsResolved != true).ToList();
                for (int j = 0; j < expanded.Count; j++)
                {
                    CompareIssue(expanded[j], ours[i].ActiveIncidents[j]);
                }
            }

            Assert.True(_differences.Count == 0, string.Join("\n", _differences.Take(50)));
        }

        [Fact]
        public void AttachmentsAgreeWithTheSdk()
        {
            var withAttachments = _graph.GetCollection<GraphMessage>("messages", CancellationToken.None).Where(message => message.HasAttachments == true).Select(message => message.Id).ToList();
            Assert.Equal(5, withAttachments.Count);
            foreach (string id in withAttachments)
            {
                string path = "messages/" + id + "/attachments";
                var sdk = ReadAll(path, Sdk.ServiceAnnouncementAttachmentCollectionResponse.CreateFromDiscriminatorValue, page => page.Value, page => page.OdataNextLink);
                var ours = _graph.GetCollection<GraphAttachment>(path, CancellationToken.None).Select(attachment => Mapper.ToAttachment(attachment, id)).ToList();
                Assert.Equal(2, sdk.Count);
                Assert.Equal(sdk.Count, ours.Count);
                for (int i = 0; i < sdk.Count; i++)
                {
                    string at = id + "/" + sdk[i].Id + ".";
                    Same(at + "Id", sdk[i].Id, ours[i].Id);
                    Same(at + "Name", sdk[i].Name, ours[i].Name);
                    Same(at + "ContentType", sdk[i].ContentType, ours[i].ContentType);
                    Same(at + "Size", (long?)sdk[i].Size, ours[i].Size);
                    Same(at + "LastModifiedDateTime", sdk[i].LastModifiedDateTime?.UtcDateTime, ours[i].LastModifiedDateTime?.ToUniversalTime());
                    Same(at + "MessageId", id, ours[i].MessageId);
                }
            }

            Assert.True(_differences.Count == 0, string.Join("\n", _differences.Take(50)));
        }

        private void CompareIssue(Sdk.ServiceHealthIssue expected, ServiceIncident actual)
        {
            string at = actual.Id + ".";
            CompareAnnouncement(at, expected.Title, expected.StartDateTime, expected.EndDateTime, expected.LastModifiedDateTime, expected.Details, actual);
            Same(at + "Classification", expected.Classification?.ToString(), actual.Classification);
            Same(at + "Origin", expected.Origin?.ToString(), actual.Origin);
            Same(at + "Status", expected.Status?.ToString(), actual.Status);
            Same(at + "Service", expected.Service, actual.Service);
            Same(at + "Feature", expected.Feature, actual.Feature);
            Same(at + "FeatureGroup", expected.FeatureGroup, actual.FeatureGroup);
            Same(at + "ImpactDescription", expected.ImpactDescription, actual.ImpactDescription);
            Same(at + "IsResolved", expected.IsResolved, actual.IsResolved);
            Same(at + "highImpact", (bool?)Additional(expected.AdditionalData, "highImpact"), actual.HighImpact);
            Same(at + "Posts.Count", expected.Posts?.Count ?? 0, actual.Posts.Count);
            for (int i = 0; i < Math.Min(expected.Posts?.Count ?? 0, actual.Posts.Count); i++)
            {
                string post = at + "Posts[" + i + "].";
                Same(post + "CreatedDateTime", expected.Posts[i].CreatedDateTime?.UtcDateTime, actual.Posts[i].CreatedDateTime?.ToUniversalTime());
                Same(post + "PostType", expected.Posts[i].PostType?.ToString(), actual.Posts[i].PostType);
                Same(post + "Description.Content", expected.Posts[i].Description?.Content, actual.Posts[i].Description?.Content);
                Same(post + "Description.ContentType", expected.Posts[i].Description?.ContentType?.ToString(), actual.Posts[i].Description?.ContentType);
            }
        }

        private void CompareAnnouncement(
            string at, string title, DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset? lastModified, List<Sdk.KeyValuePair> details, ServiceMessage actual)
        {
            Same(at + "Title", title, actual.Title);
            Same(at + "StartDateTime", start?.UtcDateTime, actual.StartDateTime.ToUniversalTime());
            Same(at + "EndDateTime", end?.UtcDateTime, actual.EndDateTime?.ToUniversalTime());
            Same(at + "LastModifiedDateTime", lastModified?.UtcDateTime, actual.LastModifiedDateTime.ToUniversalTime());
            Same(at + "Details", Join(details?.Select(detail => detail.Name + "=" + detail.Value)), Join(actual.Details.Select(detail => detail.Name + "=" + detail.Value)));
        }

        private List<TItem> ReadAll<TPage, TItem>(string relativeUri, ParsableFactory<TPage> factory, Func<TPage, List<TItem>> items, Func<TPage, string> nextLink)
            where TPage : IParsable
        {
            var all = new List<TItem>();
            foreach (string json in _emulator.Pages(relativeUri))
            {
                using var document = JsonDocument.Parse(json);
                TPage page = new JsonParseNode(document.RootElement).GetObjectValue(factory);
                all.AddRange(items(page) ?? new List<TItem>());
            }

            return all;
        }

        private void Same<T>(string what, T expected, T actual)
        {
            bool equal = expected is string text && actual is string
                ? string.Equals(text, actual as string, StringComparison.OrdinalIgnoreCase) // enums: Graph's spelling against ours
                : EqualityComparer<T>.Default.Equals(expected, actual);
            if (!equal)
            {
                _differences.Add(what + ": SDK " + (expected?.ToString() ?? "null") + ", ours " + (actual?.ToString() ?? "null"));
            }
        }

        private static string Join(IEnumerable<string> values) => values == null ? string.Empty : string.Join("|", values);

        // Kiota keeps properties its model does not know as untyped nodes.
        private static object Additional(IDictionary<string, object> data, string name)
        {
            if (data == null || !data.TryGetValue(name, out object value) || value == null)
            {
                return null;
            }

            // Each untyped kind declares its own GetValue (UntypedString's returns the string), hiding the base one.
            return value is UntypedNode node
                ? node.GetType().GetMethod("GetValue", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly, Type.EmptyTypes)?.Invoke(node, null)
                : value;
        }

        // Kiota reads a date-like string it has no model for as a DateTime (from "...Z": UTC).
        private static DateTime? Time(object value) => value switch
        {
            DateTime time when time.Kind == DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            DateTime time => time.ToUniversalTime(),
            DateTimeOffset time => time.UtcDateTime,
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time) => time.UtcDateTime,
            _ => null,
        };
    }
}
