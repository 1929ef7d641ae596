using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// The shapes Graph sends. Every field may come as null (or be missing): the item then has that property empty,
// never an exception. A field of the wrong JSON type reads as null too (the beta endpoint sends expiryDateTime as
// the string "null"). Properties this version does not know are kept in Extra, so they reach AdditionalProperties.
namespace O365ServiceComms.Graph
{
    internal abstract class GraphResource
    {
        [JsonExtensionData] public IDictionary<string, JToken> Extra;
    }

    internal sealed class GraphServiceHealth : GraphResource
    {
        [JsonProperty("id")] public string Id;
        [JsonProperty("service")] public string Service;
        [JsonProperty("status")] public string Status;
        [JsonProperty("issues")] public GraphIssue[] Issues;
    }

    internal abstract class GraphAnnouncement : GraphResource
    {
        [JsonProperty("id")] public string Id;
        [JsonProperty("title")] public string Title;
        [JsonProperty("startDateTime"), JsonConverter(typeof(LenientDateTimeConverter))] public DateTime? StartDateTime;
        [JsonProperty("endDateTime"), JsonConverter(typeof(LenientDateTimeConverter))] public DateTime? EndDateTime;
        [JsonProperty("lastModifiedDateTime"), JsonConverter(typeof(LenientDateTimeConverter))] public DateTime? LastModifiedDateTime;
        [JsonProperty("details")] public GraphKeyValue[] Details;
    }

    internal sealed class GraphIssue : GraphAnnouncement
    {
        [JsonProperty("classification")] public string Classification;
        [JsonProperty("origin")] public string Origin;
        [JsonProperty("status")] public string Status;
        [JsonProperty("service")] public string Service;
        [JsonProperty("feature")] public string Feature;
        [JsonProperty("featureGroup")] public string FeatureGroup;
        [JsonProperty("impactDescription")] public string ImpactDescription;
        [JsonProperty("isResolved"), JsonConverter(typeof(LenientBooleanConverter))] public bool? IsResolved;
        [JsonProperty("highImpact"), JsonConverter(typeof(LenientBooleanConverter))] public bool? HighImpact;
        [JsonProperty("posts")] public GraphPost[] Posts;
    }

    internal sealed class GraphMessage : GraphAnnouncement
    {
        [JsonProperty("category")] public string Category;
        [JsonProperty("severity")] public string Severity;
        [JsonProperty("tags")] public string[] Tags;
        [JsonProperty("services")] public string[] Services;
        [JsonProperty("isMajorChange"), JsonConverter(typeof(LenientBooleanConverter))] public bool? IsMajorChange;
        [JsonProperty("actionRequiredByDateTime"), JsonConverter(typeof(LenientDateTimeConverter))] public DateTime? ActionRequiredByDateTime;
        [JsonProperty("expiryDateTime"), JsonConverter(typeof(LenientDateTimeConverter))] public DateTime? ExpiryDateTime;
        [JsonProperty("hasAttachments"), JsonConverter(typeof(LenientBooleanConverter))] public bool? HasAttachments;
        [JsonProperty("body")] public GraphItemBody Body;
        [JsonProperty("viewPoint")] public GraphViewPoint ViewPoint;
    }

    internal sealed class GraphPost : GraphResource
    {
        [JsonProperty("createdDateTime"), JsonConverter(typeof(LenientDateTimeConverter))] public DateTime? CreatedDateTime;
        [JsonProperty("postType")] public string PostType;
        [JsonProperty("description")] public GraphItemBody Description;
    }

    internal sealed class GraphItemBody : GraphResource
    {
        [JsonProperty("contentType")] public string ContentType;
        [JsonProperty("content")] public string Content;
    }

    internal sealed class GraphKeyValue : GraphResource
    {
        [JsonProperty("name")] public string Name;
        [JsonProperty("value")] public string Value;
    }

    internal sealed class GraphViewPoint : GraphResource
    {
        [JsonProperty("isRead"), JsonConverter(typeof(LenientBooleanConverter))] public bool? IsRead;
        [JsonProperty("isArchived"), JsonConverter(typeof(LenientBooleanConverter))] public bool? IsArchived;
        [JsonProperty("isFavorited"), JsonConverter(typeof(LenientBooleanConverter))] public bool? IsFavorited;
    }

    internal sealed class GraphErrorBody
    {
        [JsonProperty("error")] public GraphError Error;
    }

    internal sealed class GraphError
    {
        [JsonProperty("code")] public string Code;
        [JsonProperty("message")] public string Message;
        [JsonProperty("innerError")] public GraphInnerError InnerError;
    }

    internal sealed class GraphInnerError
    {
        [JsonProperty("request-id")] public string RequestId;
        [JsonProperty("date")] public string Date;
    }

    /// <summary>A date, or null for null, a string that is no date, or any other JSON type (which is skipped).</summary>
    internal sealed class LenientDateTimeConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTime?);

        public override bool CanWrite => false;

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Date:
                    return reader.Value is DateTimeOffset offset ? offset.UtcDateTime : (DateTime)reader.Value;
                case JsonToken.String:
                    return DateTime.TryParse((string)reader.Value, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime parsed)
                        ? parsed
                        : (DateTime?)null;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer) => throw new NotSupportedException();
    }

    /// <summary>A boolean (or "true"/"false"), or null for null and anything else (which is skipped).</summary>
    internal sealed class LenientBooleanConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(bool?);

        public override bool CanWrite => false;

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Boolean:
                    return (bool)reader.Value;
                case JsonToken.String:
                    return bool.TryParse((string)reader.Value, out bool parsed) ? parsed : (bool?)null;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer) => throw new NotSupportedException();
    }
}
