using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static O365ServiceComms.Graph.LenientBooleanConverter;
using static O365ServiceComms.Graph.LenientDateTimeConverter;
using static O365ServiceComms.Graph.LenientTextConverter;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// Reads the status rows, issues and messages straight off the JSON reader, with the rules of
    /// <see cref="GraphJson.Settings"/>: the serializer's results, without its contracts, reflection and generated
    /// setters. Those cost a new pwsh tens of milliseconds before its first row (the engine is precompiled, code made at
    /// run time is not), and every item of a long list the converters' and contracts' indirections.
    /// The serializer's rules, kept here: a property name is matched exactly, else ignoring case; a property this
    /// version does not know goes to Extra as it came; a text, boolean or date field of the wrong JSON type reads as
    /// null (LenientTextConverter, LenientBooleanConverter, LenientDateTimeConverter); an object or list field of the
    /// wrong JSON type keeps its value (null) and the rest of the item is read; an entry of a list of objects that is not
    /// an object (or null) makes the whole answer unreadable; a later duplicate of a property replaces the earlier one,
    /// except that a second object fills the first one. Other shapes (attachments, action answers) still go through the
    /// serializer: <see cref="Read{T}"/> hands them on.
    /// </summary>
    internal static class GraphItemReader
    {
        /// <summary>
        /// The item at the reader's token (read first when the reader has not started): null for a JSON null or no
        /// content at all; the reader ends on the item's last token.
        /// </summary>
        public static T Read<T>(JsonReader reader, JsonSerializer serializer) => ItemReader<T>.Read(reader, serializer);

        private static class ItemReader<T>
        {
            public static readonly Func<JsonReader, JsonSerializer, T> Read = Find();

            private static Func<JsonReader, JsonSerializer, T> Find()
            {
                object reader =
                    typeof(T) == typeof(GraphServiceHealth) ? new Func<JsonReader, JsonSerializer, GraphServiceHealth>((json, _) => TopLevel(json, s_readServiceHealth))
                    : typeof(T) == typeof(GraphIssue) ? new Func<JsonReader, JsonSerializer, GraphIssue>((json, _) => TopLevel(json, s_readIssue))
                    : typeof(T) == typeof(GraphMessage) ? new Func<JsonReader, JsonSerializer, GraphMessage>((json, _) => TopLevel(json, s_readMessage))
                    : (object)null;
                return reader as Func<JsonReader, JsonSerializer, T> ?? ((json, serializer) => serializer.Deserialize<T>(json));
            }
        }

        private static T TopLevel<T>(JsonReader reader, Func<JsonReader, T, T> read) where T : class
        {
            if (reader.TokenType == JsonToken.None && !reader.Read())
            {
                return null;
            }

            SkipComments(reader);
            return ObjectOrNull(reader, existing: null, read, inList: true);
        }

        // ---- the shapes ----

        private static readonly string[] s_serviceHealthNames = { "id", "service", "status", "issues" };

        private static readonly Func<JsonReader, GraphServiceHealth, string, bool> s_serviceHealthProperty = (json, health, name) =>
        {
            switch (name)
            {
                case "id": health.Id = ReadText(json); return true;
                case "service": health.Service = ReadText(json); return true;
                case "status": health.Status = ReadText(json); return true;
                case "issues": health.Issues = ObjectList(json, health.Issues, s_readIssue); return true;
                default: return false;
            }
        };

        private static readonly string[] s_issueNames =
        {
            "classification", "origin", "status", "service", "feature", "featureGroup", "impactDescription", "isResolved", "highImpact", "posts",
            "id", "title", "startDateTime", "endDateTime", "lastModifiedDateTime", "details",
        };

        private static readonly Func<JsonReader, GraphIssue, string, bool> s_issueProperty = (json, issue, name) =>
        {
            switch (name)
            {
                case "classification": issue.Classification = ReadText(json); break;
                case "origin": issue.Origin = ReadText(json); break;
                case "status": issue.Status = ReadText(json); break;
                case "service": issue.Service = ReadText(json); break;
                case "feature": issue.Feature = ReadText(json); break;
                case "featureGroup": issue.FeatureGroup = ReadText(json); break;
                case "impactDescription": issue.ImpactDescription = ReadText(json); break;
                case "isResolved": issue.IsResolved = ReadBoolean(json); break;
                case "highImpact": issue.HighImpact = ReadBoolean(json); break;
                case "posts": issue.Posts = ObjectList(json, issue.Posts, s_readPost); break;
                default: return ReadAnnouncementProperty(json, issue, name);
            }

            return true;
        };

        private static readonly string[] s_messageNames =
        {
            "category", "severity", "tags", "services", "isMajorChange", "actionRequiredByDateTime", "expiryDateTime", "hasAttachments", "body", "viewPoint",
            "id", "title", "startDateTime", "endDateTime", "lastModifiedDateTime", "details",
        };

        private static readonly Func<JsonReader, GraphMessage, string, bool> s_messageProperty = (json, message, name) =>
        {
            switch (name)
            {
                case "category": message.Category = ReadText(json); break;
                case "severity": message.Severity = ReadText(json); break;
                case "tags": message.Tags = TextList(json, message.Tags); break;
                case "services": message.Services = TextList(json, message.Services); break;
                case "isMajorChange": message.IsMajorChange = ReadBoolean(json); break;
                case "actionRequiredByDateTime": message.ActionRequiredByDateTime = ReadDate(json); break;
                case "expiryDateTime": message.ExpiryDateTime = ReadDate(json); break;
                case "hasAttachments": message.HasAttachments = ReadBoolean(json); break;
                case "body": message.Body = ObjectOrNull(json, message.Body, s_readItemBody); break;
                case "viewPoint": message.ViewPoint = ObjectOrNull(json, message.ViewPoint, s_readViewPoint); break;
                default: return ReadAnnouncementProperty(json, message, name);
            }

            return true;
        };

        private static bool ReadAnnouncementProperty(JsonReader reader, GraphAnnouncement announcement, string name)
        {
            switch (name)
            {
                case "id": announcement.Id = ReadText(reader); return true;
                case "title": announcement.Title = ReadText(reader); return true;
                case "startDateTime": announcement.StartDateTime = ReadDate(reader); return true;
                case "endDateTime": announcement.EndDateTime = ReadDate(reader); return true;
                case "lastModifiedDateTime": announcement.LastModifiedDateTime = ReadDate(reader); return true;
                case "details": announcement.Details = ObjectList(reader, announcement.Details, s_readKeyValue); return true;
                default: return false;
            }
        }

        private static readonly string[] s_postNames = { "createdDateTime", "postType", "description" };

        private static readonly Func<JsonReader, GraphPost, string, bool> s_postProperty = (json, post, name) =>
        {
            switch (name)
            {
                case "createdDateTime": post.CreatedDateTime = ReadDate(json); return true;
                case "postType": post.PostType = ReadText(json); return true;
                case "description": post.Description = ObjectOrNull(json, post.Description, s_readItemBody); return true;
                default: return false;
            }
        };

        private static readonly string[] s_itemBodyNames = { "contentType", "content" };

        private static readonly Func<JsonReader, GraphItemBody, string, bool> s_itemBodyProperty = (json, body, name) =>
        {
            switch (name)
            {
                case "contentType": body.ContentType = ReadText(json); return true;
                case "content": body.Content = ReadText(json); return true;
                default: return false;
            }
        };

        private static readonly string[] s_keyValueNames = { "name", "value" };

        private static readonly Func<JsonReader, GraphKeyValue, string, bool> s_keyValueProperty = (json, pair, name) =>
        {
            switch (name)
            {
                case "name": pair.Name = ReadText(json); return true;
                case "value": pair.Value = ReadText(json); return true;
                default: return false;
            }
        };

        private static readonly string[] s_viewPointNames = { "isRead", "isArchived", "isFavorited" };

        private static readonly Func<JsonReader, GraphViewPoint, string, bool> s_viewPointProperty = (json, viewPoint, name) =>
        {
            switch (name)
            {
                case "isRead": viewPoint.IsRead = ReadBoolean(json); return true;
                case "isArchived": viewPoint.IsArchived = ReadBoolean(json); return true;
                case "isFavorited": viewPoint.IsFavorited = ReadBoolean(json); return true;
                default: return false;
            }
        };

        // After the names and property readers above: static fields are set in the order they are written.
        private static readonly Func<JsonReader, GraphServiceHealth, GraphServiceHealth> s_readServiceHealth = Shape(() => new GraphServiceHealth(), s_serviceHealthNames, s_serviceHealthProperty);
        private static readonly Func<JsonReader, GraphIssue, GraphIssue> s_readIssue = Shape(() => new GraphIssue(), s_issueNames, s_issueProperty);
        private static readonly Func<JsonReader, GraphMessage, GraphMessage> s_readMessage = Shape(() => new GraphMessage(), s_messageNames, s_messageProperty);
        private static readonly Func<JsonReader, GraphPost, GraphPost> s_readPost = Shape(() => new GraphPost(), s_postNames, s_postProperty);
        private static readonly Func<JsonReader, GraphItemBody, GraphItemBody> s_readItemBody = Shape(() => new GraphItemBody(), s_itemBodyNames, s_itemBodyProperty);
        private static readonly Func<JsonReader, GraphKeyValue, GraphKeyValue> s_readKeyValue = Shape(() => new GraphKeyValue(), s_keyValueNames, s_keyValueProperty);
        private static readonly Func<JsonReader, GraphViewPoint, GraphViewPoint> s_readViewPoint = Shape(() => new GraphViewPoint(), s_viewPointNames, s_viewPointProperty);

        /// <summary>
        /// Every property name these shapes and a page know, so the JSON reader hands out these strings instead of a new
        /// one for each property of each item. Filled once here and only read after (Get does not change the table), so
        /// readers on several threads share it.
        /// </summary>
        public static readonly DefaultJsonNameTable KnownNames = NameTable(
            new[] { "value", "@odata.context", "@odata.nextLink", "@odata.count", "@odata.type" },
            s_serviceHealthNames, s_issueNames, s_messageNames, s_postNames, s_itemBodyNames, s_keyValueNames, s_viewPointNames);

        private static DefaultJsonNameTable NameTable(params string[][] lists)
        {
            var table = new DefaultJsonNameTable();
            foreach (string[] names in lists)
            {
                foreach (string name in names)
                {
                    table.Add(name);
                }
            }

            return table;
        }

        /// <summary>
        /// The reader of one shape: the object whose StartObject the reader is on, into <c>existing</c> when the
        /// property came before (a second object fills the first, as the serializer does), else into a new one.
        /// </summary>
        private static Func<JsonReader, T, T> Shape<T>(Func<T> create, string[] names, Func<JsonReader, T, string, bool> readKnown) where T : GraphResource =>
            (reader, existing) =>
            {
                T target = existing ?? create();
                ReadProperties(reader, target, names, readKnown);
                return target;
            };

        // ---- the rules ----

        /// <summary>
        /// The properties of the object whose StartObject the reader is on, up to its EndObject: each known one (by
        /// <paramref name="names"/>, exactly or else ignoring case) read by <paramref name="readKnown"/> with the reader on
        /// its value, each other one kept in Extra.
        /// </summary>
        private static void ReadProperties<T>(JsonReader reader, T target, string[] names, Func<JsonReader, T, string, bool> readKnown) where T : GraphResource
        {
            while (true)
            {
                if (!reader.Read())
                {
                    throw new JsonSerializationException("Unexpected end when deserializing object. Path '" + reader.Path + "'.");
                }

                switch (reader.TokenType)
                {
                    case JsonToken.PropertyName:
                        string name = (string)reader.Value;
                        if (!reader.Read())
                        {
                            throw new JsonSerializationException("Unexpected end when deserializing object. Path '" + reader.Path + "'.");
                        }

                        // Exactly as named (nearly always), else ignoring case, as the serializer matches names.
                        if (!readKnown(reader, target, name) && !(CaseInsensitive(name, names) is string known && readKnown(reader, target, known)))
                        {
                            (target.Extra ?? (target.Extra = new Dictionary<string, JToken>()))[name] = JToken.ReadFrom(reader);
                        }

                        break;
                    case JsonToken.Comment:
                        break;
                    case JsonToken.EndObject:
                        return;
                    default:
                        throw new JsonSerializationException("Unexpected token when deserializing object: " + reader.TokenType + ". Path '" + reader.Path + "'.");
                }
            }
        }

        private static string CaseInsensitive(string name, string[] names)
        {
            foreach (string known in names)
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return null;
        }

        /// <summary>
        /// An object field: read (into <paramref name="existing"/> when the property came before), null for null; of
        /// another JSON type it is skipped and keeps its value. As an entry of a list (<paramref name="inList"/>) another
        /// JSON type makes the answer unreadable.
        /// </summary>
        private static T ObjectOrNull<T>(JsonReader reader, T existing, Func<JsonReader, T, T> read, bool inList = false) where T : class
        {
            switch (reader.TokenType)
            {
                case JsonToken.StartObject:
                    return read(reader, existing);
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                default:
                    if (inList)
                    {
                        throw new JsonSerializationException(string.Format(
                            CultureInfo.InvariantCulture, "Error converting {0} to type '{1}'. Path '{2}'.", reader.TokenType, typeof(T).FullName, reader.Path));
                    }

                    reader.Skip();
                    return existing;
            }
        }

        /// <summary>A list of objects: null for null; of another JSON type it is skipped and keeps its value.</summary>
        private static T[] ObjectList<T>(JsonReader reader, T[] existing, Func<JsonReader, T, T> read) where T : class
        {
            if (!AtListStart(reader, ref existing))
            {
                return existing;
            }

            List<T> items = Scratch<T>.Take();
            while (NextEntry(reader))
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    items.Add(ObjectOrNull(reader, existing: null, read, inList: true));
                }
            }

            return Scratch<T>.ToArrayAndReturn(items);
        }

        /// <summary>A list of texts, each entry as <see cref="LenientTextConverter"/> reads it: null for null; of another JSON type it is skipped and keeps its value.</summary>
        private static string[] TextList(JsonReader reader, string[] existing)
        {
            if (!AtListStart(reader, ref existing))
            {
                return existing;
            }

            List<string> items = Scratch<string>.Take();
            while (NextEntry(reader))
            {
                items.Add(ReadText(reader));
            }

            return Scratch<string>.ToArrayAndReturn(items);
        }

        /// <summary>
        /// Whether the reader is on a list's StartArray; else <paramref name="value"/> is what the field reads as: null
        /// for null, and for another JSON type (skipped) the value it had.
        /// </summary>
        private static bool AtListStart<T>(JsonReader reader, ref T[] value)
        {
            switch (reader.TokenType)
            {
                case JsonToken.StartArray:
                    return true;
                case JsonToken.Null:
                case JsonToken.Undefined:
                    value = null;
                    return false;
                default:
                    reader.Skip();
                    return false;
            }
        }

        /// <summary>Reads to the list's next entry; false at its end.</summary>
        private static bool NextEntry(JsonReader reader)
        {
            if (!reader.Read())
            {
                throw new JsonSerializationException("Unexpected end when deserializing array. Path '" + reader.Path + "'.");
            }

            return reader.TokenType != JsonToken.EndArray;
        }

        /// <summary>
        /// One list per thread and entry type to collect a list's entries in, instead of a new one for every list of every
        /// item. Taken while in use, so a list read inside another list's entry gets a list of its own.
        /// </summary>
        internal static class Scratch<T>
        {
            private const int KeptCapacity = 64;

            [ThreadStatic]
            private static List<T> t_list;

            public static List<T> Take()
            {
                List<T> list = t_list ?? new List<T>();
                t_list = null;
                return list;
            }

            public static T[] ToArrayAndReturn(List<T> list)
            {
                T[] items = list.ToArray();
                if (list.Capacity <= KeptCapacity)
                {
                    list.Clear();
                    t_list = list;
                }

                return items;
            }
        }

        private static void SkipComments(JsonReader reader)
        {
            while (reader.TokenType == JsonToken.Comment && reader.Read())
            {
            }
        }
    }
}
