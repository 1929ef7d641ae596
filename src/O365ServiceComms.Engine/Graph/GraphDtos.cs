using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// The shapes Graph sends, read with GraphJson.Settings. Every field may come as null (or be missing): the item then has
// that property empty, never an exception. A field of the wrong JSON type reads as null too (the beta endpoint sends
// expiryDateTime as the string "null"). Properties this version does not know are kept in Extra, so they reach
// AdditionalProperties.
namespace O365ServiceComms.Graph
{
    /// <summary>How Graph's JSON is read: dates as UTC, unknown members ignored, a mistyped field of a resource read as null.</summary>
    internal static class GraphJson
    {
        public static JsonSerializerSettings Settings() => new JsonSerializerSettings
        {
            MissingMemberHandling = MissingMemberHandling.Ignore,
            DateParseHandling = DateParseHandling.DateTime,
            DateTimeZoneHandling = DateTimeZoneHandling.Utc,
            Converters = { new LenientTextConverter(), new LenientBooleanConverter(), new LenientDateTimeConverter() },
            Error = SkipMistypedField,
        };

        /// <summary>A reader of Graph's JSON from a body's bytes, decoded as they come (<see cref="Utf8ChunkReader"/>).</summary>
        /// <param name="skipByteOrderMark">False for bytes whose start was already looked at (a page handed over mid-way).</param>
        public static JsonTextReader Reader(System.IO.Stream body, bool skipByteOrderMark = true) =>
            Reader(new Utf8ChunkReader(body, skipByteOrderMark: skipByteOrderMark));

        /// <summary>A reader of Graph's JSON: dates as UTC, as the settings read them.</summary>
        public static JsonTextReader Reader(System.IO.TextReader text) => new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.DateTime,
            DateTimeZoneHandling = DateTimeZoneHandling.Utc,
            PropertyNameTable = GraphItemReader.KnownNames,
        };

        /// <summary>The serializer with <see cref="Settings"/>, for the shapes GraphItemReader hands on to it.</summary>
        internal static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings());

        /// <summary>One item of Graph's JSON text, read as the client reads an answer (<see cref="GraphItemReader"/>).</summary>
        public static T Read<T>(string json)
        {
            using (JsonTextReader reader = Reader(new System.IO.StringReader(json)))
            {
                return GraphItemReader.Read<T>(reader, Serializer);
            }
        }

        // The converters read a scalar field that holds an object or an array as null (Newtonsoft cannot recover from
        // that by itself); what else is mistyped (a string where a list or an object is expected) lands here: that
        // field of a resource stays null and the rest of the item is read.
        private static void SkipMistypedField(object sender, Newtonsoft.Json.Serialization.ErrorEventArgs args)
        {
            // Conversion errors only: a broken or stalled body (IOException, JsonReaderException) must still fail the read.
            // A depth past the reader's MaxDepth is no mistyped field either: the page is unreadable.
            if (args.ErrorContext.Error is JsonSerializationException conversion
                && !(conversion.InnerException is JsonReaderException)
                && conversion.Message.IndexOf("MaxDepth", StringComparison.Ordinal) < 0
                && args.CurrentObject is GraphResource && args.ErrorContext.Member is string)
            {
                args.ErrorContext.Handled = true;
            }
        }
    }

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
        [JsonProperty("startDateTime")] public DateTime? StartDateTime;
        [JsonProperty("endDateTime")] public DateTime? EndDateTime;
        [JsonProperty("lastModifiedDateTime")] public DateTime? LastModifiedDateTime;
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
        [JsonProperty("isResolved")] public bool? IsResolved;
        [JsonProperty("highImpact")] public bool? HighImpact;
        [JsonProperty("posts")] public GraphPost[] Posts;
    }

    internal sealed class GraphMessage : GraphAnnouncement
    {
        [JsonProperty("category")] public string Category;
        [JsonProperty("severity")] public string Severity;
        [JsonProperty("tags")] public string[] Tags;
        [JsonProperty("services")] public string[] Services;
        [JsonProperty("isMajorChange")] public bool? IsMajorChange;
        [JsonProperty("actionRequiredByDateTime")] public DateTime? ActionRequiredByDateTime;
        [JsonProperty("expiryDateTime")] public DateTime? ExpiryDateTime;
        [JsonProperty("hasAttachments")] public bool? HasAttachments;
        [JsonProperty("body")] public GraphItemBody Body;
        [JsonProperty("viewPoint")] public GraphViewPoint ViewPoint;
    }

    internal sealed class GraphPost : GraphResource
    {
        [JsonProperty("createdDateTime")] public DateTime? CreatedDateTime;
        [JsonProperty("postType")] public string PostType;
        [JsonProperty("description")] public GraphItemBody Description;
    }

    internal sealed class GraphItemBody : GraphResource
    {
        // A string, or the UTF-8 it came in when Utf8ItemReader read it (ContentText decodes it when first read).
        private object _content;

        [JsonProperty("contentType")] public string ContentType;

        [JsonProperty("content")]
        public string Content
        {
            get => ContentText.Of(ref _content);
            set => _content = value;
        }

        /// <summary>The content as it is held: a string, UTF-8 (valid, unescaped), or null.</summary>
        internal object ContentSource
        {
            get => _content;
            set => _content = value;
        }
    }

    internal sealed class GraphKeyValue : GraphResource
    {
        [JsonProperty("name")] public string Name;
        [JsonProperty("value")] public string Value;
    }

    internal sealed class GraphViewPoint : GraphResource
    {
        [JsonProperty("isRead")] public bool? IsRead;
        [JsonProperty("isArchived")] public bool? IsArchived;
        [JsonProperty("isFavorited")] public bool? IsFavorited;
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

    /// <summary>Text, or the text of a number, boolean or date; null for null and for an object or array (skipped).</summary>
    internal sealed class LenientTextConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(string);

        public override bool CanWrite => false;

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer) => ReadText(reader);

        /// <summary>The value at the reader as this converter reads it (also for <see cref="GraphItemReader"/>).</summary>
        internal static string ReadText(JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonToken.String:
                    return (string)reader.Value;
                case JsonToken.Integer:
                case JsonToken.Float:
                case JsonToken.Boolean:
                    return Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                case JsonToken.Date:
                    return reader.Value is DateTime time ? time.ToString("o", CultureInfo.InvariantCulture) : Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer) => throw new NotSupportedException();
    }

    /// <summary>A boolean (or "true"/"false"); null for null and anything else (an object or array is skipped).</summary>
    internal sealed class LenientBooleanConverter : JsonConverter
    {
        // One box each, instead of one per value read.
        private static readonly object s_true = true;
        private static readonly object s_false = false;

        public override bool CanConvert(Type objectType) => objectType == typeof(bool?);

        public override bool CanWrite => false;

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer) =>
            ReadBoolean(reader) is bool value ? (value ? s_true : s_false) : null;

        /// <summary>The value at the reader as this converter reads it (also for <see cref="GraphItemReader"/>).</summary>
        internal static bool? ReadBoolean(JsonReader reader)
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

    /// <summary>A date; null for null, a string that is no date (the beta endpoint's "null"), and anything else (skipped).</summary>
    internal sealed class LenientDateTimeConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTime?);

        public override bool CanWrite => false;

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer) => ReadDate(reader);

        /// <summary>The value at the reader as this converter reads it (also for <see cref="GraphItemReader"/>).</summary>
        internal static DateTime? ReadDate(JsonReader reader)
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
}
