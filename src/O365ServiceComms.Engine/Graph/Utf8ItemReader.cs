#if NET
using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Unicode;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// Status rows, issues and messages read from UTF-8 with .NET's Utf8JsonReader, when an item is plain: each property
    /// one of its shape's, named exactly and once, with a value of its JSON type or null; texts that Newtonsoft would not
    /// take for dates; dates as Graph writes them (2024-03-01T08:00:00Z, up to 7 decimals, hour 00 to 23). For a plain
    /// item the result is what <see cref="GraphItemReader"/> makes of it. Anything else (an unknown property, a name in
    /// another case, a mistyped field, a comment, another date format, text that is not valid Unicode) is not plain: the
    /// caller has GraphItemReader read that item, so Newtonsoft's rules stay the only rules.
    /// </summary>
    internal static class Utf8ItemReader
    {
        public static bool Knows<T>() =>
            typeof(T) == typeof(GraphMessage) || typeof(T) == typeof(GraphIssue) || typeof(T) == typeof(GraphServiceHealth);

        /// <summary>
        /// The item whose StartObject the reader is on, with the reader on its EndObject, when the item is plain and all
        /// of it is in the reader's data; else null, with the reader somewhere inside the item.
        /// </summary>
        public static T TryRead<T>(ref Utf8JsonReader reader)
        {
            try
            {
                if (typeof(T) == typeof(GraphMessage))
                {
                    return Message(ref reader, out GraphMessage message) ? (T)(object)message : default;
                }

                if (typeof(T) == typeof(GraphIssue))
                {
                    return Issue(ref reader, out GraphIssue issue) ? (T)(object)issue : default;
                }

                if (typeof(T) == typeof(GraphServiceHealth))
                {
                    return ServiceHealth(ref reader, out GraphServiceHealth health) ? (T)(object)health : default;
                }

                return default;
            }
            catch (InvalidOperationException)
            {
                // GetString on bytes that are not valid UTF-8, or escapes that are not valid UTF-16: Newtonsoft decides.
                return default;
            }
        }

        // ---- the shapes ----

        /// <summary>Reads a value, the reader on its first token: false when it is not plain (or not all here).</summary>
        private delegate bool ValueReader<T>(ref Utf8JsonReader reader, out T value);

        /// <summary>Reads the value of the property <paramref name="name"/> into the item: false when it is not plain, or not a property of the shape.</summary>
        private delegate bool PropertyReader<T>(ref Utf8JsonReader reader, Name name, T item);

        private static bool Message(ref Utf8JsonReader reader, out GraphMessage message) => Shape(ref reader, message = new GraphMessage(), s_messageProperty);

        private static bool Issue(ref Utf8JsonReader reader, out GraphIssue issue) => Shape(ref reader, issue = new GraphIssue(), s_issueProperty);

        private static bool ServiceHealth(ref Utf8JsonReader reader, out GraphServiceHealth health) => Shape(ref reader, health = new GraphServiceHealth(), s_serviceHealthProperty);

        private static readonly ValueReader<GraphIssue> s_issue = Issue;
        private static readonly ValueReader<GraphPost> s_post = (ref Utf8JsonReader reader, out GraphPost post) => Shape(ref reader, post = new GraphPost(), s_postProperty);
        private static readonly ValueReader<GraphItemBody> s_itemBody = (ref Utf8JsonReader reader, out GraphItemBody body) => Shape(ref reader, body = new GraphItemBody(), s_itemBodyProperty);
        private static readonly ValueReader<GraphKeyValue> s_keyValue = (ref Utf8JsonReader reader, out GraphKeyValue pair) => Shape(ref reader, pair = new GraphKeyValue(), s_keyValueProperty);
        private static readonly ValueReader<GraphViewPoint> s_viewPoint = (ref Utf8JsonReader reader, out GraphViewPoint viewPoint) => Shape(ref reader, viewPoint = new GraphViewPoint(), s_viewPointProperty);

        private static readonly PropertyReader<GraphMessage> s_messageProperty = (ref Utf8JsonReader reader, Name name, GraphMessage message) =>
        {
            switch (name)
            {
                case Name.Category: return Text(ref reader, out message.Category, repeats: true);
                case Name.Severity: return Text(ref reader, out message.Severity, repeats: true);
                case Name.Tags: return List(ref reader, out message.Tags, s_repeatedText);
                case Name.Services: return List(ref reader, out message.Services, s_repeatedText);
                case Name.IsMajorChange: return Boolean(ref reader, out message.IsMajorChange);
                case Name.ActionRequiredByDateTime: return Date(ref reader, out message.ActionRequiredByDateTime);
                case Name.ExpiryDateTime: return Date(ref reader, out message.ExpiryDateTime);
                case Name.HasAttachments: return Boolean(ref reader, out message.HasAttachments);
                case Name.Body: return Object(ref reader, out message.Body, s_itemBody);
                case Name.ViewPoint: return Object(ref reader, out message.ViewPoint, s_viewPoint);
                default: return AnnouncementProperty(ref reader, name, message);
            }
        };

        private static readonly PropertyReader<GraphIssue> s_issueProperty = (ref Utf8JsonReader reader, Name name, GraphIssue issue) =>
        {
            switch (name)
            {
                case Name.Classification: return Text(ref reader, out issue.Classification, repeats: true);
                case Name.Origin: return Text(ref reader, out issue.Origin, repeats: true);
                case Name.Status: return Text(ref reader, out issue.Status, repeats: true);
                case Name.Service: return Text(ref reader, out issue.Service, repeats: true);
                case Name.Feature: return Text(ref reader, out issue.Feature, repeats: true);
                case Name.FeatureGroup: return Text(ref reader, out issue.FeatureGroup, repeats: true);
                case Name.ImpactDescription: return Text(ref reader, out issue.ImpactDescription);
                case Name.IsResolved: return Boolean(ref reader, out issue.IsResolved);
                case Name.HighImpact: return Boolean(ref reader, out issue.HighImpact);
                case Name.Posts: return List(ref reader, out issue.Posts, s_post);
                default: return AnnouncementProperty(ref reader, name, issue);
            }
        };

        private static bool AnnouncementProperty(ref Utf8JsonReader reader, Name name, GraphAnnouncement announcement)
        {
            switch (name)
            {
                case Name.Id: return Text(ref reader, out announcement.Id);
                case Name.Title: return Text(ref reader, out announcement.Title);
                case Name.StartDateTime: return Date(ref reader, out announcement.StartDateTime);
                case Name.EndDateTime: return Date(ref reader, out announcement.EndDateTime);
                case Name.LastModifiedDateTime: return Date(ref reader, out announcement.LastModifiedDateTime);
                case Name.Details: return List(ref reader, out announcement.Details, s_keyValue);
                default: return false;
            }
        }

        private static readonly PropertyReader<GraphServiceHealth> s_serviceHealthProperty = (ref Utf8JsonReader reader, Name name, GraphServiceHealth health) =>
        {
            switch (name)
            {
                case Name.Id: return Text(ref reader, out health.Id);
                case Name.Service: return Text(ref reader, out health.Service, repeats: true);
                case Name.Status: return Text(ref reader, out health.Status, repeats: true);
                case Name.Issues: return List(ref reader, out health.Issues, s_issue);
                default: return false;
            }
        };

        private static readonly PropertyReader<GraphPost> s_postProperty = (ref Utf8JsonReader reader, Name name, GraphPost post) =>
        {
            switch (name)
            {
                case Name.CreatedDateTime: return Date(ref reader, out post.CreatedDateTime);
                case Name.PostType: return Text(ref reader, out post.PostType, repeats: true);
                case Name.Description: return Object(ref reader, out post.Description, s_itemBody);
                default: return false;
            }
        };

        private static readonly PropertyReader<GraphItemBody> s_itemBodyProperty = (ref Utf8JsonReader reader, Name name, GraphItemBody body) =>
        {
            switch (name)
            {
                case Name.ContentType: return Text(ref reader, out body.ContentType, repeats: true);
                case Name.Content:
                    bool read = Content(ref reader, out object content);
                    body.ContentSource = content;
                    return read;
                default: return false;
            }
        };

        private static readonly PropertyReader<GraphKeyValue> s_keyValueProperty = (ref Utf8JsonReader reader, Name name, GraphKeyValue pair) =>
        {
            switch (name)
            {
                case Name.Name: return Text(ref reader, out pair.Name, repeats: true);
                case Name.Value: return Text(ref reader, out pair.Value);
                default: return false;
            }
        };

        private static readonly PropertyReader<GraphViewPoint> s_viewPointProperty = (ref Utf8JsonReader reader, Name name, GraphViewPoint viewPoint) =>
        {
            switch (name)
            {
                case Name.IsRead: return Boolean(ref reader, out viewPoint.IsRead);
                case Name.IsArchived: return Boolean(ref reader, out viewPoint.IsArchived);
                case Name.IsFavorited: return Boolean(ref reader, out viewPoint.IsFavorited);
                default: return false;
            }
        };

        /// <summary>
        /// The object whose StartObject the reader is on, into <paramref name="item"/>, each property by
        /// <paramref name="readProperty"/>; true with the reader on the object's EndObject when all of it was plain.
        /// </summary>
        private static bool Shape<T>(ref Utf8JsonReader reader, T item, PropertyReader<T> readProperty)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            int depth = reader.CurrentDepth;
            ulong seen = 0;
            while (NextProperty(ref reader, ref seen, out Name name))
            {
                if (!readProperty(ref reader, name, item))
                {
                    return false;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth;
        }

        // ---- the values ----

        /// <summary>
        /// Reads to the next property of the object: true with its name; false at the object's end (the reader on its
        /// EndObject) or at anything that is not a plain property (an escaped, unknown or repeated name, a comment).
        /// </summary>
        private static bool NextProperty(ref Utf8JsonReader reader, ref ulong seen, out Name name)
        {
            name = Name.Unknown;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return false;
            }

            name = NameOf(reader.ValueSpan);
            ulong bit = 1UL << (int)name;
            if (name == Name.Unknown || (seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            return true;
        }

        /// <summary>
        /// A text: a string Newtonsoft does not take for a date, or null. One that <paramref name="repeats"/> from item to
        /// item (a category, a service name) comes from <see cref="RepeatedTexts"/>.
        /// </summary>
        private static bool Text(ref Utf8JsonReader reader, out string value, bool repeats = false)
        {
            value = null;
            return reader.Read() && TextAt(ref reader, out value, repeats);
        }

        private static readonly ValueReader<string> s_repeatedText = (ref Utf8JsonReader reader, out string text) => TextAt(ref reader, out text, repeats: true);

        /// <summary>The text the reader is on (see <see cref="Text"/>).</summary>
        private static bool TextAt(ref Utf8JsonReader reader, out string value, bool repeats)
        {
            value = null;
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return true;
                case JsonTokenType.String:
                    value = repeats ? RepeatedTexts.Get(ref reader) : reader.GetString();
                    return !NewtonsoftTakesForDate(value);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Short texts that repeat from item to item (categories, severities, service and feature names, tags, content
        /// types), one string each per thread instead of a new one for every item: a long list allocates a tenth less.
        /// A direct-mapped cache: a text whose slot holds another one takes the slot.
        /// </summary>
        private sealed class RepeatedTexts
        {
            private const int Slots = 256;
            private const int LongestKept = 64;

            [ThreadStatic]
            private static RepeatedTexts t_texts;

            private readonly byte[][] _utf8 = new byte[Slots][];
            private readonly string[] _texts = new string[Slots];

            /// <summary>The string token the reader is on, as GetString reads it (and throws as it throws).</summary>
            public static string Get(ref Utf8JsonReader reader)
            {
                ReadOnlySpan<byte> utf8 = reader.ValueSpan;
                if (reader.ValueIsEscaped || utf8.Length > LongestKept)
                {
                    return reader.GetString();
                }

                RepeatedTexts texts = t_texts ?? (t_texts = new RepeatedTexts());
                var hash = default(HashCode);
                hash.AddBytes(utf8);
                int slot = hash.ToHashCode() & (Slots - 1);
                if (texts._utf8[slot] is byte[] known && utf8.SequenceEqual(known))
                {
                    return texts._texts[slot];
                }

                string text = reader.GetString();
                texts._utf8[slot] = utf8.ToArray();
                texts._texts[slot] = text;
                return text;
            }
        }

        /// <summary>
        /// A post's content: null, or the UTF-8 it came in, unescaped, for ContentText to decode when it is first read
        /// (to the string GetString would make). Not plain: bytes that are not valid UTF-8, escapes that are not valid
        /// UTF-16, and text Newtonsoft takes for a date.
        /// </summary>
        private static bool Content(ref Utf8JsonReader reader, out object value)
        {
            value = null;
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            byte[] utf8;
            if (reader.ValueIsEscaped)
            {
                int length = reader.ValueSpan.Length;
                byte[] unescaped = t_unescaped != null && t_unescaped.Length >= length ? t_unescaped : new byte[Math.Max(length, 16 * 1024)];
                if (unescaped.Length <= LongestUnescapeBufferKept)
                {
                    t_unescaped = unescaped;
                }

                utf8 = unescaped.AsSpan(0, reader.CopyString(unescaped)).ToArray();
            }
            else
            {
                utf8 = reader.ValueSpan.ToArray();
            }

            // A text Newtonsoft could take for a date has at most 40 chars, and starts with a digit (maybe not ASCII) or '/'.
            if (!Utf8.IsValid(utf8) || (utf8.Length > 0 && utf8.Length <= 160 && (utf8[0] < (byte)'A' || utf8[0] >= 0x80)
                && NewtonsoftTakesForDate(System.Text.Encoding.UTF8.GetString(utf8))))
            {
                return false;
            }

            value = utf8;
            return true;
        }

        // Where escaped content is unescaped before it is copied to its own array: one per thread, grown as needed
        // (a larger one, for a rare huge content, is not kept).
        private const int LongestUnescapeBufferKept = 1024 * 1024;

        [ThreadStatic]
        private static byte[] t_unescaped;

        /// <summary>
        /// What Newtonsoft's reader, with dates read as dates, tries to read as one (DateTimeUtils.TryParseDateTime): such
        /// a text field would read as the date's round-trip text, or stay as it is.
        /// </summary>
        internal static bool NewtonsoftTakesForDate(string text) =>
            text.Length > 0
            && (text[0] == '/'
                ? text.Length >= 9 && text.StartsWith("/Date(", StringComparison.Ordinal) && text.EndsWith(")/", StringComparison.Ordinal)
                : text.Length >= 19 && text.Length <= 40 && char.IsDigit(text[0]) && text[10] == 'T');

        private static bool Boolean(ref Utf8JsonReader reader, out bool? value)
        {
            value = null;
            if (!reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return true;
                case JsonTokenType.True:
                    value = true;
                    return true;
                case JsonTokenType.False:
                    value = false;
                    return true;
                default:
                    return false;
            }
        }

        private static bool Date(ref Utf8JsonReader reader, out DateTime? value)
        {
            value = null;
            if (!reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return true;
                case JsonTokenType.String:
                    if (!reader.ValueIsEscaped && TryParseGraphDate(reader.ValueSpan, out DateTime date))
                    {
                        value = date;
                        return true;
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>
        /// yyyy-MM-ddTHH:mm:ss, optionally . and 1 to 7 digits, then Z: a UTC DateTime, as Newtonsoft's ISO parser reads
        /// it (DateTimeZoneHandling.Utc). Every other form is left to Newtonsoft.
        /// </summary>
        internal static bool TryParseGraphDate(ReadOnlySpan<byte> text, out DateTime value)
        {
            value = default;
            if (text.Length < 20 || text.Length > 28 || text[text.Length - 1] != (byte)'Z'
                || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':')
            {
                return false;
            }

            if (!Digits(text, 0, 4, out int year) || !Digits(text, 5, 2, out int month) || !Digits(text, 8, 2, out int day)
                || !Digits(text, 11, 2, out int hour) || !Digits(text, 14, 2, out int minute) || !Digits(text, 17, 2, out int second))
            {
                return false;
            }

            long fraction = 0;
            int fractionDigits = text.Length - 20 - 1;
            if (text.Length > 20)
            {
                if (text[19] != (byte)'.' || fractionDigits < 1 || !Digits(text, 20, fractionDigits, out int digits))
                {
                    return false;
                }

                fraction = digits;
                for (int padding = fractionDigits; padding < 7; padding++)
                {
                    fraction *= 10;
                }
            }

            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
            return true;
        }

        private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
        {
            value = 0;
            for (int index = start; index < start + count; index++)
            {
                int digit = text[index] - '0';
                if (digit < 0 || digit > 9)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }

            return true;
        }

        /// <summary>An object field: null, or an object <paramref name="read"/> reads.</summary>
        private static bool Object<T>(ref Utf8JsonReader reader, out T value, ValueReader<T> read) where T : class
        {
            value = null;
            return reader.Read() && (reader.TokenType == JsonTokenType.Null || read(ref reader, out value));
        }

        /// <summary>A list field: null, or a list whose entries are null or what <paramref name="readEntry"/> reads.</summary>
        private static bool List<T>(ref Utf8JsonReader reader, out T[] value, ValueReader<T> readEntry) where T : class
        {
            value = null;
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            List<T> items = GraphItemReader.Scratch<T>.Take();
            while (true)
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    value = GraphItemReader.Scratch<T>.ToArrayAndReturn(items);
                    return true;
                }

                T entry = null;
                if (reader.TokenType != JsonTokenType.Null && !readEntry(ref reader, out entry))
                {
                    return false;
                }

                items.Add(entry);
            }
        }

        // ---- the names ----

        private enum Name
        {
            Unknown,
            Id, Title, StartDateTime, EndDateTime, LastModifiedDateTime, Details,
            Category, Severity, Tags, Services, IsMajorChange, ActionRequiredByDateTime, ExpiryDateTime, HasAttachments, Body, ViewPoint,
            Classification, Origin, Status, Service, Feature, FeatureGroup, ImpactDescription, IsResolved, HighImpact, Posts,
            Issues, CreatedDateTime, PostType, Description, ContentType, Content, Name, Value, IsRead, IsArchived, IsFavorited,
        }

        /// <summary>The property a name (exactly as written, unescaped) stands for; by length first, so a name is compared once or twice.</summary>
        private static Name NameOf(ReadOnlySpan<byte> name)
        {
            switch (name.Length)
            {
                case 2: return Is(name, "id"u8, Name.Id);
                case 4: return name[0] == (byte)'t' ? Is(name, "tags"u8, Name.Tags) : name[0] == (byte)'b' ? Is(name, "body"u8, Name.Body) : Is(name, "name"u8, Name.Name);
                case 5:
                    switch (name[0])
                    {
                        case (byte)'t': return Is(name, "title"u8, Name.Title);
                        case (byte)'v': return Is(name, "value"u8, Name.Value);
                        default: return Is(name, "posts"u8, Name.Posts);
                    }

                case 6:
                    switch (name[0])
                    {
                        case (byte)'o': return Is(name, "origin"u8, Name.Origin);
                        case (byte)'s': return Is(name, "status"u8, Name.Status);
                        default: return name[2] == (byte)'s' ? Is(name, "issues"u8, Name.Issues) : Is(name, "isRead"u8, Name.IsRead);
                    }

                case 7:
                    switch (name[0])
                    {
                        case (byte)'d': return Is(name, "details"u8, Name.Details);
                        case (byte)'s': return Is(name, "service"u8, Name.Service);
                        case (byte)'f': return Is(name, "feature"u8, Name.Feature);
                        default: return Is(name, "content"u8, Name.Content);
                    }

                case 8:
                    switch (name[2])
                    {
                        case (byte)'t': return Is(name, "category"u8, Name.Category);
                        case (byte)'v': return Is(name, "severity"u8, Name.Severity);
                        case (byte)'r': return Is(name, "services"u8, Name.Services);
                        default: return Is(name, "postType"u8, Name.PostType);
                    }

                case 9: return Is(name, "viewPoint"u8, Name.ViewPoint);
                case 10:
                    switch (name[2])
                    {
                        case (byte)'R': return Is(name, "isResolved"u8, Name.IsResolved);
                        case (byte)'g': return Is(name, "highImpact"u8, Name.HighImpact);
                        default: return Is(name, "isArchived"u8, Name.IsArchived);
                    }

                case 11:
                    switch (name[0])
                    {
                        case (byte)'e': return Is(name, "endDateTime"u8, Name.EndDateTime);
                        case (byte)'c': return Is(name, "contentType"u8, Name.ContentType);
                        case (byte)'d': return Is(name, "description"u8, Name.Description);
                        default: return Is(name, "isFavorited"u8, Name.IsFavorited);
                    }

                case 12: return Is(name, "featureGroup"u8, Name.FeatureGroup);
                case 13: return name[0] == (byte)'s' ? Is(name, "startDateTime"u8, Name.StartDateTime) : Is(name, "isMajorChange"u8, Name.IsMajorChange);
                case 14:
                    switch (name[0])
                    {
                        case (byte)'h': return Is(name, "hasAttachments"u8, Name.HasAttachments);
                        case (byte)'e': return Is(name, "expiryDateTime"u8, Name.ExpiryDateTime);
                        default: return Is(name, "classification"u8, Name.Classification);
                    }

                case 15: return Is(name, "createdDateTime"u8, Name.CreatedDateTime);
                case 17: return Is(name, "impactDescription"u8, Name.ImpactDescription);
                case 20: return Is(name, "lastModifiedDateTime"u8, Name.LastModifiedDateTime);
                case 24: return Is(name, "actionRequiredByDateTime"u8, Name.ActionRequiredByDateTime);
                default: return Name.Unknown;
            }
        }

        private static Name Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known, Name value) => name.SequenceEqual(known) ? value : Name.Unknown;
    }
}
#endif
