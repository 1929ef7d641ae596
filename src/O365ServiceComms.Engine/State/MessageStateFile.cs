using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using O365ServiceComms.IO;

namespace O365ServiceComms.State
{
    /// <summary>
    /// The file behind Get-O365ServiceMessage -StatePath: per tenant and per list (issues, messages), the id and last
    /// update of the items returned lately, so that the next run asks only for what changed and returns only that.
    /// </summary>
    /// <remarks>
    /// Format (version 1), keys sorted so that an unchanged state gives the same bytes:
    /// <c>{"version":1,"tenants":{"contoso.onmicrosoft.com":{"issues":{"LY197383":"2021-11-16T09:12:37.41Z"},"messages":{}}}}</c>.
    /// Only items within <see cref="Overlap"/> of the newest one are kept: older ones can only come back with a newer
    /// last update, and then they are returned as changed anyway.
    /// </remarks>
    internal sealed class MessageStateFile
    {
        public const int FormatVersion = 1;

        /// <summary>
        /// How far before the newest last update seen the next run starts asking. Items already returned in that window
        /// are recognised and not returned again, so a generous window costs almost nothing and catches items that
        /// reach the service's lists late.
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

        private MessageStateFile(string path, string tenantId, string originalText, StateDocument document, object sync)
        {
            Path = path;
            _originalText = originalText;
            _document = document;
            _tenantKey = tenantId?.ToLowerInvariant();
            _sync = sync;
        }

        /// <summary>The full path of the file.</summary>
        public string Path { get; }

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
        public MessageStateFile ForTenant(string tenantId) => new MessageStateFile(Path, tenantId, _originalText, _document, _sync);

        /// <summary>Reads the state of one tenant (or of none yet: see <see cref="ForTenant"/>); a missing file is a first run.</summary>
        public static MessageStateFile Load(string path, string tenantId)
        {
            string text;
            try
            {
                text = File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new StateFileException(
                    string.Format(Strings.StateFileReadFailed, path, exception.Message), ErrorIds.StateFileReadFailed, exception);
            }

            if (Directory.Exists(path))
            {
                throw new StateFileException(string.Format(Strings.PathIsDirectory, path), ErrorIds.StateFileReadFailed);
            }

            // An empty file (made with New-Item, say) holds no state yet, like a missing one.
            return new MessageStateFile(path, tenantId, text, string.IsNullOrWhiteSpace(text) ? new StateDocument() : Parse(text, path), new object());
        }

        /// <summary>What is known of one list (issues or messages) of this tenant.</summary>
        public CollectionState Collection(string name)
        {
            SortedDictionary<string, DateTime> known = null;
            lock (_sync)
            {
                // A committed list is replaced, never changed, so the one read here stays as it is.
                if (_document.Tenants.TryGetValue(_tenantKey, out var lists))
                {
                    lists.TryGetValue(name, out known);
                }
            }

            return new CollectionState(known, items => Commit(name, items));
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
                AtomicFile.WriteAllBytes(Path, s_utf8.GetBytes(text));
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new StateFileException(
                    string.Format(Strings.StateFileWriteFailed, Path, exception.Message), ErrorIds.StateFileWriteFailed, exception);
            }

            return true;
        }

        private void Commit(string name, SortedDictionary<string, DateTime> items)
        {
            lock (_sync)
            {
                if (!_document.Tenants.TryGetValue(_tenantKey, out var lists))
                {
                    lists = new SortedDictionary<string, SortedDictionary<string, DateTime>>(StringComparer.Ordinal);
                    _document.Tenants[_tenantKey] = lists;
                }

                lists[name] = items;
            }
        }

        private static StateDocument Parse(string text, string path)
        {
            StateDocument document;
            try
            {
                document = JsonConvert.DeserializeObject<StateDocument>(text, s_settings);
            }
            catch (JsonException exception)
            {
                throw Invalid(path, exception.Message, exception);
            }

            if (document == null || document.Version != FormatVersion || document.Tenants == null)
            {
                throw Invalid(path, string.Format(Strings.StateFileWrongVersion, FormatVersion), null);
            }

            // Keys of JSON objects come back case-sensitive and unsorted: restore the comparers the file is written with.
            var tenants = new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, DateTime>>>(StringComparer.Ordinal);
            foreach (var tenant in document.Tenants)
            {
                var lists = new SortedDictionary<string, SortedDictionary<string, DateTime>>(StringComparer.Ordinal);
                foreach (var list in tenant.Value ?? new SortedDictionary<string, SortedDictionary<string, DateTime>>())
                {
                    var items = new SortedDictionary<string, DateTime>(StringComparer.Ordinal);
                    foreach (var item in list.Value ?? new SortedDictionary<string, DateTime>())
                    {
                        items[item.Key] = DateTime.SpecifyKind(item.Value.ToUniversalTime(), DateTimeKind.Utc);
                    }

                    lists[list.Key] = items;
                }

                tenants[tenant.Key.ToLowerInvariant()] = lists;
            }

            document.Tenants = tenants;
            return document;
        }

        private static StateFileException Invalid(string path, string reason, Exception inner) =>
            new StateFileException(string.Format(Strings.StateFileInvalid, path, reason), ErrorIds.StateFileInvalid, inner);

        private sealed class StateDocument
        {
            [JsonProperty("version", Order = 1, Required = Required.Always)]
            public int Version { get; set; } = FormatVersion;

            [JsonProperty("tenants", Order = 2, Required = Required.Always)]
            public SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, DateTime>>> Tenants { get; set; } =
                new SortedDictionary<string, SortedDictionary<string, SortedDictionary<string, DateTime>>>(StringComparer.Ordinal);
        }
    }

    /// <summary>A state file that cannot be read, understood or written; the cmdlet turns it into an error record.</summary>
    internal sealed class StateFileException : Exception
    {
        public StateFileException(string message, string errorId, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>StateFileInvalid, StateFileReadFailed or StateFileWriteFailed.</summary>
        public string ErrorId { get; }
    }
}
