using System;
using System.Collections.Generic;
using System.Linq;

namespace O365ServiceComms.State
{
    /// <summary>
    /// One list (issues or messages) of one tenant during an incremental read: which server-side filter to send, which
    /// items are new or changed, and, once the whole list was read, what to remember for the next run.
    /// </summary>
    internal sealed class CollectionState
    {
        private readonly IReadOnlyDictionary<string, DateTime> _known;
        private readonly Dictionary<string, DateTime> _seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        private readonly Action<SortedDictionary<string, DateTime>> _commit;

        public CollectionState(IReadOnlyDictionary<string, DateTime> known, Action<SortedDictionary<string, DateTime>> commit)
        {
            _known = known ?? new Dictionary<string, DateTime>();
            _commit = commit;
        }

        /// <summary>The newest last update known before this run; none on a first run.</summary>
        public DateTime? Newest => _known.Count == 0 ? (DateTime?)null : _known.Values.Max();

        /// <summary>Where the read starts: the newest known last update less the overlap; none on a first run (read everything).</summary>
        public DateTime? Since => Newest - MessageStateFile.Overlap;

        public int KnownCount => _known.Count;

        /// <summary>
        /// Notes an item read from the service; true when it is new or changed since the last run (and not already
        /// returned in this one, should paging hand it over twice).
        /// </summary>
        public bool IsNewOrChanged(string id, DateTime lastModified)
        {
            DateTime utc = ToUtc(lastModified);
            if (_seen.TryGetValue(id, out DateTime seen) && seen == utc)
            {
                return false;
            }

            _seen[id] = utc;
            return !(_known.TryGetValue(id, out DateTime known) && known == utc);
        }

        /// <summary>The list was read to its end: remember it, keeping only what the next filter can bring back.</summary>
        public void Complete()
        {
            var merged = new SortedDictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var item in _known)
            {
                merged[item.Key] = item.Value;
            }

            foreach (var item in _seen)
            {
                merged[item.Key] = item.Value;
            }

            if (merged.Count > 0)
            {
                DateTime keepFrom = merged.Values.Max() - MessageStateFile.Overlap;
                foreach (string id in merged.Where(item => item.Value < keepFrom).Select(item => item.Key).ToList())
                {
                    merged.Remove(id);
                }
            }

            _commit(merged);
        }

        private static DateTime ToUtc(DateTime time) =>
            time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
    }
}
