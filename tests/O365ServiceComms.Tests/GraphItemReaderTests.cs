using System;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>
    /// The client reads status rows, issues and messages with GraphItemReader, not with the serializer and
    /// GraphJson.Settings it replaced: on Graph's samples and on every odd shape here, both give the same items (the same
    /// fields, the same unknown properties), or both refuse the answer.
    /// </summary>
    public class GraphItemReaderTests
    {
        private static readonly JsonSerializerSettings Settings = GraphJson.Settings();

        // Every field, the unknown ones (Extra) included, as JSON: what the serializer made against what the reader made.
        private static void AssertSameAsSerializer<T>(string json)
        {
            T expected;
            Exception expectedFailure = null;
            try
            {
                expected = JsonConvert.DeserializeObject<T>(json, Settings);
            }
            catch (JsonException exception)
            {
                expected = default;
                expectedFailure = exception;
            }

            if (expectedFailure != null)
            {
                Assert.ThrowsAny<JsonException>(() => GraphJson.Read<T>(json));
                return;
            }

            T actual = GraphJson.Read<T>(json);
            Assert.Equal(JsonConvert.SerializeObject(expected, Formatting.Indented), JsonConvert.SerializeObject(actual, Formatting.Indented));
        }

        [Theory]
        [InlineData("issues_list.json")]
        [InlineData("messages_get.json")]
        [InlineData("messages_get_beta.json")]
        [InlineData("issues_get.json")]
        [InlineData("healthOverviews_list_expand_issues.json")]
        public void ReadsGraphsSamplesAsTheSerializerDid(string name)
        {
            JObject sample = JObject.Parse(TestFolder.SampleText(name));
            var items = sample["value"] is JArray list ? list.ToList() : new System.Collections.Generic.List<JToken> { sample };
            Assert.NotEmpty(items);
            foreach (JToken item in items)
            {
                string json = item.ToString(Formatting.None);
                if (name.StartsWith("issues", StringComparison.Ordinal))
                {
                    AssertSameAsSerializer<GraphIssue>(json);
                }
                else if (name.StartsWith("messages", StringComparison.Ordinal))
                {
                    AssertSameAsSerializer<GraphMessage>(json);
                }
                else
                {
                    AssertSameAsSerializer<GraphServiceHealth>(json);
                }
            }
        }

        [Theory]
        // Names in another case, unknown properties of every JSON type, OData annotations.
        [InlineData(@"{""ID"": ""EX1"", ""Title"": ""t"", ""STATUS"": ""serviceDegradation"", ""brandNew"": {""a"": [1, 2.5, true, null, ""2024-01-01T00:00:00Z""]}, ""@odata.type"": ""#x"", ""n"": 12345678901234567890}")]
        // Text fields holding numbers, booleans, dates, objects and lists; booleans and dates of every type.
        [InlineData(@"{""id"": 5, ""title"": 1.5, ""origin"": true, ""service"": ""2024-03-01T08:00:00+02:00"", ""feature"": {""x"": 1}, ""featureGroup"": [1], ""impactDescription"": null}")]
        [InlineData(@"{""id"": ""EX2"", ""isResolved"": ""true"", ""highImpact"": ""no"", ""startDateTime"": ""1 March 2024"", ""endDateTime"": 5, ""lastModifiedDateTime"": {""a"": 1}}")]
        [InlineData(@"{""id"": ""EX3"", ""isResolved"": 1, ""highImpact"": [true], ""startDateTime"": ""not a date"", ""endDateTime"": [""2024-03-01T08:00:00Z""]}")]
        // Lists and objects of the wrong type keep their value; entries that are null stay.
        [InlineData(@"{""id"": ""EX4"", ""posts"": ""none"", ""details"": {""name"": ""x""}}")]
        [InlineData(@"{""id"": ""EX5"", ""posts"": [null, {""description"": ""text"", ""postType"": 3}], ""details"": [null, {""name"": [1], ""value"": 2}]}")]
        [InlineData(@"{""id"": ""EX6"", ""posts"": [{""description"": {""contentType"": ""html"", ""content"": ""<p>a</p>"", ""extra"": 1}, ""createdDateTime"": ""2024-03-01T08:00:00Z"", ""x"": null}]}")]
        // A later duplicate replaces a text and fills an object.
        [InlineData(@"{""id"": ""EX7"", ""id"": ""EX8"", ""posts"": [], ""posts"": [{""postType"": ""quick""}], ""details"": [], ""details"": 3}")]
        // An entry of a list of objects that is not an object: the serializer refuses the item.
        [InlineData(@"{""id"": ""EX9"", ""posts"": [""text""]}")]
        [InlineData(@"{""id"": ""EX10"", ""details"": [[1]]}")]
        [InlineData(@"{""id"": ""EX11"", ""posts"": [1]}")]
        [InlineData(@"null")]
        [InlineData(@"""text""")]
        [InlineData(@"[1]")]
        [InlineData(@"{""id"": ""EX12"", ""title"": ""cut")]
        public void ReadsOddIssuesAsTheSerializerDid(string json) => AssertSameAsSerializer<GraphIssue>(json);

        [Theory]
        [InlineData(@"{""id"": ""MC1"", ""expiryDateTime"": ""null"", ""hasAttachments"": {""x"": [1]}, ""isMajorChange"": ""yes"", ""category"": 5, ""futureList"": [1, 2]}")]
        [InlineData(@"{""id"": ""MC2"", ""tags"": ""one"", ""body"": ""not an object"", ""services"": [""Exchange Online"", 5, null, {""a"": 1}, [2], true]}")]
        [InlineData(@"{""id"": ""MC3"", ""viewPoint"": {""isRead"": true, ""isArchived"": ""false"", ""isFavorited"": null, ""new"": 1}, ""body"": {""contentType"": ""html"", ""content"": ""<p>x</p>""}}")]
        [InlineData(@"{""id"": ""MC4"", ""body"": {""content"": ""a""}, ""body"": {""contentType"": ""text""}, ""viewPoint"": [], ""Tags"": [""x""], ""tags"": [""y""]}")]
        [InlineData(@"{""id"": ""MC5"", ""actionRequiredByDateTime"": ""2024-06-30"", ""details"": [{""name"": ""ExternalLink"", ""value"": ""https://example.test""}], ""severity"": null, ""services"": null}")]
        public void ReadsOddMessagesAsTheSerializerDid(string json) => AssertSameAsSerializer<GraphMessage>(json);

        [Theory]
        [InlineData(@"{""id"": ""Exchange"", ""service"": ""Exchange Online"", ""status"": ""serviceDegradation"", ""issues"": [{""id"": ""EX1"", ""posts"": []}, null]}")]
        [InlineData(@"{""id"": ""Exchange"", ""issues"": {""id"": ""EX1""}, ""@odata.id"": ""x""}")]
        [InlineData(@"{""id"": ""Exchange"", ""issues"": [""EX1""]}")]
        public void ReadsOddStatusRowsAsTheSerializerDid(string json) => AssertSameAsSerializer<GraphServiceHealth>(json);

        // Every property the serializer knows of T, and of the objects and lists of objects inside it, with a value of
        // its type; each name as it is, in upper case, or in lower case.
        internal static JObject EveryKnownProperty(Type type, Func<string, string> caseOf)
        {
            var item = new JObject();
            var contract = (JsonObjectContract)JsonSerializer.Create(Settings).ContractResolver.ResolveContract(type);
            foreach (JsonProperty property in contract.Properties)
            {
                if (property.Ignored || property.UnderlyingName == nameof(GraphResource.Extra))
                {
                    continue;
                }

                Type valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                JToken value =
                    valueType == typeof(string) ? new JValue(property.PropertyName + " text")
                    : valueType == typeof(bool) ? new JValue(true)
                    : valueType == typeof(DateTime) ? new JValue("2024-03-01T08:00:00Z")
                    : valueType == typeof(string[]) ? new JArray("one", "two")
                    : valueType.IsArray && typeof(GraphResource).IsAssignableFrom(valueType.GetElementType()) ? new JArray(EveryKnownProperty(valueType.GetElementType(), caseOf))
                    : typeof(GraphResource).IsAssignableFrom(valueType) ? EveryKnownProperty(valueType, caseOf)
                    : throw new NotSupportedException($"A value for {type.Name}.{property.PropertyName} ({valueType.Name}): add its type here.");
                item.Add(caseOf(property.PropertyName), value);
            }

            return item;
        }

        // Every field of the item and of the items inside it has a value, and nothing went to Extra.
        private static void AssertEveryFieldSet(object item)
        {
            foreach (System.Reflection.FieldInfo field in item.GetType().GetFields())
            {
                object value = field.GetValue(item);
                if (field.Name == nameof(GraphResource.Extra))
                {
                    Assert.True(value == null || ((System.Collections.ICollection)value).Count == 0, $"{item.GetType().Name} has unknown properties");
                    continue;
                }

                Assert.True(value != null, $"{item.GetType().Name}.{field.Name} was not read");
                if (value is GraphResource inner)
                {
                    AssertEveryFieldSet(inner);
                }
                else if (value is GraphResource[] list)
                {
                    Assert.All(list, AssertEveryFieldSet);
                }
            }

            foreach (System.Reflection.PropertyInfo property in item.GetType().GetProperties().Where(p => p.IsDefined(typeof(JsonPropertyAttribute), true)))
            {
                Assert.True(property.GetValue(item) != null, $"{item.GetType().Name}.{property.Name} was not read");
            }
        }

        [Theory]
        [InlineData(typeof(GraphServiceHealth))]
        [InlineData(typeof(GraphIssue))]
        [InlineData(typeof(GraphMessage))]
        public void ReadsEveryKnownNameInAnotherCaseAsInItsOwn(Type type)
        {
            Func<string, object> read = json => typeof(GraphJson).GetMethod(nameof(GraphJson.Read)).MakeGenericMethod(type).Invoke(null, new object[] { json });
            Func<string, object> deserialize = json => JsonConvert.DeserializeObject(json, type, Settings);
            string asIs = EveryKnownProperty(type, name => name).ToString(Formatting.None);
            string expected = JsonConvert.SerializeObject(read(asIs), Formatting.Indented);

            AssertEveryFieldSet(read(asIs));
            foreach (Func<string, string> caseOf in new Func<string, string>[] { name => name.ToUpperInvariant(), name => name.ToLowerInvariant() })
            {
                string json = EveryKnownProperty(type, caseOf).ToString(Formatting.None);
                Assert.Equal(expected, JsonConvert.SerializeObject(read(json), Formatting.Indented));
                Assert.Equal(expected, JsonConvert.SerializeObject(deserialize(json), Formatting.Indented));
            }
        }

        [Fact]
        public void OtherShapesStillGoThroughTheSerializer()
        {
            GraphAttachment attachment = GraphJson.Read<GraphAttachment>(@"{""id"": ""a1"", ""size"": 12, ""isInline"": ""false"", ""name"": 3}");

            Assert.Equal("a1", attachment.Id);
            Assert.Equal(12L, attachment.Size);
            Assert.False(attachment.IsInline);
            Assert.Equal("3", attachment.Name);
        }
    }
}
