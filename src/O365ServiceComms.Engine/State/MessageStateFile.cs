using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using O365ServiceComms.IO;

namespace O365ServiceComms.State
{
    /// <summary>
    /// The file behind Get-O365ServiceMessage -StatePath: per tenant and per list (issues, messages), when its last
    /// complete read started and the id and last update of the items returned lately, so that the next run asks only
    /// for what changed and returns only that.
    /// </summary>
    /// <remarks>
    /// Format (version 2), keys sorted so that an unchanged state gives the same bytes:
    /// <c>{"version":2,"tenants":{"contoso.onmicrosoft.com":{"issues":{"items":{"LY197383":"2021-11-16T09:12:37.41Z"}}}}}</c>,
    /// with <c>"readAt"</c> (when the read started) beside <c>"items"</c> only when an item is dated after it.
    /// Version 1 files (lists were only <c>{"id":"time"}</c>) are read, with the file's last write as the read time,
    /// and saved as version 2. Only items within <see cref="Overlap"/> of the clock are kept: older ones can only come
    /// back with a newer last update, and then they are returned as changed anyway. A file that cannot be trusted
    /// (not JSON, an unknown version, values of the wrong kind) is reported, kept beside as <c>.untrusted</c>, and
    /// rebuilt: that run returns every item.
    /// </remarks>
    internal sealed class MessageStateFile
    {
        public const int FormatVersion = 2;

        /// <summary>What a file that could not be trusted is kept as, beside the new one: the path plus this.</summary>
        public const string UntrustedSuffix = ".untrusted";

        /// <summary>
        /// How far before the state's clock the next run starts asking. Items already returned in that window are
        /// recognised and not returned again, so a generous window costs almost nothing and catches items that reach
        /// the service's lists late, and clocks (this machine's, the service's) up to that far apart.
        /// </summary>
        public static readonly TimeSpan Overlap = TimeSpan.FromHours(1);

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        private static readonly JsonSerializerSettings s_settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.DateTime,
            DateTimeZoneHandling = DateTimeZoneHandling.Utc,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            Formatting = Formatting.Indented,
        };

        private readonly string _originalText;
        private readonly StateDocument _document;
        private readonly string _tenantKey;

        // Shared by the views of one file (ForTenant): tenants read side by side commit to the one document.
        private readonly object _sync;

        private MessageStateFile(string path, string tenantId, string originalText, StateDocument document, object sync, string untrustedReason)
        {
            Path = path;
            _originalText = originalText;
            _document = document;
            _tenantKey = tenantId?.ToLowerInvariant();
            _sync = sync;
            UntrustedReason = untrustedReason;
        }

        /// <summary>The full path of the file.</summary>
        public string Path { get; }

        /// <summary>Why the file on disk could not be trusted and is being rebuilt; null when it was fine (or missing).</summary>
        public string UntrustedReason { get; }

        /// <summary>Where the untrusted file is kept when the new state is saved.</summary>
        public string UntrustedCopyPath => Path + UntrustedSuffix;

        /// <summary>Whether the file had nothing for this tenant yet: then every item is returned.</summary>
        public bool IsFirstRun
        {
            get
            {
                lock (_sync)
                {
                    return !_document.Tenants.ContainsKey(_tenantKey);
                }
            }
        }

        /// <summary>
        /// The same file for another tenant: the views share what was read, each commits only its own tenant's lists
        /// (safely from several threads), and saving any of them writes every tenant's state.
        /// </summary>
        public MessageStateFile ForTenant(string tenantId) => new MessageStateFile(Path, tenantId, _originalText, _document, _sync, UntrustedReason);

        /// <summary>
        /// Reads the state of one tenant (or of none yet: see <see cref="ForTenant"/>); a missing or empty file is a
        /// first run, a file that cannot be trusted is one too, with <see cref="UntrustedReason"/> saying why.
        /// </summary>
        public static MessageStateFile Load(string path, string tenantId)
        {
            if (Directory.Exists(path))
            {
                throw new StateFileException(string.Format(Strings.PathIsDirectory, path), ServiceCommsErrorKind.StateFileReadFailed);
            }

            string text;
            DateTime writtenAt;
            try
            {
                text = File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
                writtenAt = text == null ? DateTime.UtcNow : File.GetLastWriteTimeUtc(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new StateFileException(
                    string.Format(Strings.StateFileReadFailed, path, exception.Message), ServiceCommsErrorKind.StateFileReadFailed, exception);
            }

            // An empty file (made with New-Item, say) holds no state yet, like a missing one.
            if (string.IsNullOrWhiteSpace(text))
            {
                return new MessageStateFile(path, tenantId, text, new StateDocument(), new object(), untrustedReason: null);
            }

            StateDocument document = Parse(text, DateTime.SpecifyKind(writtenAt, DateTimeKind.Utc), out string reason);
            return new MessageStateFile(path, tenantId, text, document ?? new StateDocument(), new object(), reason);
        }

        /// <summary>What is known of one list (issues or messages) of this tenant; the read starts now.</summary>
        public CollectionState Collection(string name)
        {
            ListState known = null;
            lock (_sync)
            {
                // A committed list is replaced, never changed, so the one read here stays as it is.
                if (_document.Tenants.TryGetValue(_tenantKey, out var lists))
                {
                    lists.TryGetValue(name, out known);
                }
            }

            return new CollectionState(known, items => Commit(name, items), DateTime.UtcNow);
        }

        /// <summary>Writes the file if anything changed, atomically; returns whether it wrote.</summary>
        public bool Save()
        {
            string text;
            lock (_sync)
            {
                text = JsonConvert.SerializeObject(_document, s_settings);
            }

            if (string.Equals(text, _originalText, StringComparison.Ordinal))
            {
                return false;
            }

            try
            {
                if (UntrustedReason != null && File.Exists(Path))
                {
                    // Never lose what was there: it may be someone's file given by mistake, or evidence of what went wrong.
                    File.Copy(Path, UntrustedCopyPath, overwrite: true);
                }

                AtomicFile.WriteAllBytes(Path, s_utf8.GetBytes(text));
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new StateFileException(
                    string.Format(Strings.StateFileWriteFailed, Path, exception.Message), ServiceCommsErrorKind.StateFileWriteFailed, exception);
            }

            return true;
        }

        private void Commit(string name, ListState list)
        {
            lock (_sync)
            {
                if (!_document.Tenants.TryGetValue(_tenantKey, out var lists))
                {
                    lists = new SortedDictionary<string, ListState>(StringComparer.Ordinal);
                    _document.Tenants[_tenantKey] = lists;
                }

                lists[name] = list;
            }
        }

        /// <summary>The document in <paramref name="text"/>, or null with the reason it cannot be trusted.</summary>
        private static StateDocument Parse(string text, DateTime writtenAtUtc, out string reason)
        {
            reason = null;
            JObject root;
            try
            {
                // JObject's reader stops at a depth of 64: a file nested deeper is untrusted, not a stack overflow.
                using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None })
                {
                    root = JObject.Load(reader);
                }
            }
            catch (JsonException exception)
            {
                reason = exception.Message;
                return null;
            }

            int? version = root["version"]?.Type == JTokenType.Integer ? (int?)(long)root["version"] : null;
            if ((version != 1 && version != FormatVersion) || !(root["tenants"] is JObject tenantsObject))
            {
                reason = string.Format(Strings.StateFileWrongVersion, FormatVersion);
                return null;
            }

            var document = new StateDocument();
            foreach (JProperty tenant in tenantsObject.Properties())
            {
                if (!(tenant.Value is JObject listsObject))
                {
                    reason = string.Format(Strings.StateFileBadValue, tenant.Path);
                    return null;
                }

                var lists = new SortedDictionary<string, ListState>(StringComparer.Ordinal);
                foreach (JProperty list in listsObject.Properties())
                {
                    ListState state = version == 1 ? ReadVersion1List(list, writtenAtUtc) : ReadList(list);
                    if (state == null)
                    {
                        reason = string.Format(Strings.StateFileBadValue, list.Path);
                        return null;
                    }

                    lists[list.Name] = state;
                }

                document.Tenants[tenant.Name.ToLowerInvariant()] = lists;
            }

            return document;
        }

        private static ListState ReadList(JProperty list)
        {
            if (!(list.Value is JObject value) || !(value["items"] is JObject items))
            {
                return null;
            }

            JToken readAtToken = value["readAt"];
            DateTime? readAt = null;
            if (readAtToken != null && readAtToken.Type != JTokenType.Null)
            {
                if (!TryTime(readAtToken, out DateTime time))
                {
                    return null;
                }

                readAt = time;
            }

            var state = new ListState { ReadAt = readAt };
            return ReadItems(items, state) ? state : null;
        }

        // Format 1 did not record when a list was read: the file's last write came after it, so it is a safe bound.
        private static ListState ReadVersion1List(JProperty list, DateTime writtenAtUtc)
        {
            var state = new ListState { ReadAt = writtenAtUtc };
            return list.Value is JObject items && ReadItems(items, state) ? state : null;
        }

        private static bool ReadItems(JObject items, ListState state)
        {
            foreach (JProperty item in items.Properties())
            {
                if (!TryTime(item.Value, out DateTime time))
                {
                    return false;
                }

                state.Items[item.Name] = time;
            }

            return true;
        }

        private static bool TryTime(JToken token, out DateTime time)
        {
            time = default;
            if (token.Type != JTokenType.String
                || !DateTime.TryParse((string)token, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time))
            {
                return false;
            }

            time = DateTime.SpecifyKind(time, DateTimeKind.Utc);
            return true;
        }

        private sealed class StateDocument
        {
            [JsonProperty("version", Order = 1)]
            public int Version { get; set; } = FormatVersion;

            [JsonProperty("tenants", Order = 2)]
            public SortedDictionary<string, SortedDictionary<string, ListState>> Tenants { get; set; } =
                new SortedDictionary<string, SortedDictionary<string, ListState>>(StringComparer.Ordinal);
        }
    }

    /// <summary>A state file that cannot be read, understood or written; the cmdlet turns it into an error record.</summary>
    internal sealed class StateFileException : Exception
    {
        public StateFileException(string message, ServiceCommsErrorKind kind, Exception inner = null)
            : base(message, inner)
        {
            Kind = kind;
        }

        /// <summary>StateFileReadFailed or StateFileWriteFailed.</summary>
        public ServiceCommsErrorKind Kind { get; }
    }
}
