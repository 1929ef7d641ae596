using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;

namespace O365ServiceComms.State
{
    /// <summary>
    /// One list (issues or messages) of one tenant during an incremental read: which server-side filter to send, which
    /// items are new or changed, and, once the whole list was read, what to remember for the next run.
    /// </summary>
    /// <remarks>
    /// The state's clock is the newest last update it knows, but never later than the time the read that saw it
    /// started: one item dated 9999-12-31 (or merely ahead of this machine's clock) cannot move the next run's
    /// filter past items that change later. Items without an id cannot be recognised and are always returned; items
    /// without a date (0001-01-01) are returned and remembered like any other.
    /// </remarks>
    internal sealed class CollectionState
    {
        private readonly ListState _known;
        private readonly Dictionary<string, DateTime> _seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        private readonly Action<ListState> _commit;

        public CollectionState(ListState known, Action<ListState> commit, DateTime readStartedAtUtc)
        {
            _known = known ?? new ListState();
            _commit = commit;
            ReadStartedAtUtc = ToUtc(readStartedAtUtc);
        }

        /// <summary>When this read started (UTC): the latest the clock saved by <see cref="Complete"/> can be.</summary>
        public DateTime ReadStartedAtUtc { get; }

        /// <summary>The state's clock before this run: the newest known update, at most when the read that saw it started; none on a first run.</summary>
        public DateTime? Newest => _known.Clock;

        /// <summary>Where the read starts: the clock less the overlap; none on a first run (read everything).</summary>
        public DateTime? Since => Newest == null ? (DateTime?)null : Earlier(Newest.Value, MessageStateFile.Overlap);

        public int KnownCount => _known.Items.Count;

        /// <summary>
        /// Notes an item read from the service; true when it is new or changed since the last run (and not already
        /// returned in this one, should paging hand it over twice). An item without an id is always new.
        /// </summary>
        public bool IsNewOrChanged(string id, DateTime? lastModified)
        {
            if (id == null)
            {
                return true;
            }

            DateTime utc = lastModified == null ? DateTime.MinValue : ToUtc(lastModified.Value);
            if (_seen.TryGetValue(id, out DateTime seen) && seen == utc)
            {
                return false;
            }

            _seen[id] = utc;
            return !(_known.Items.TryGetValue(id, out DateTime known) && known == utc);
        }

        /// <summary>The list was read to its end: remember it, keeping only what the next filter can bring back.</summary>
        public void Complete()
        {
            var merged = new SortedDictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var item in _known.Items)
            {
                merged[item.Key] = item.Value;
            }

            foreach (var item in _seen)
            {
                merged[item.Key] = item.Value;
            }

            DateTime? clock = ClockOf(merged.Values, ReadStartedAtUtc);
            if (clock != null)
            {
                // What a filtered read brought back, the next one brings back too (a server may answer items older than
                // the filter, such as items without dates): those are kept, so they are not returned again and again.
                bool filtered = Since != null;
                DateTime keepFrom = Earlier(clock.Value, MessageStateFile.Overlap);
                foreach (string id in merged.Where(item => item.Value < keepFrom && !(filtered && _seen.ContainsKey(item.Key))).Select(item => item.Key).ToList())
                {
                    merged.Remove(id);
                }
            }

            // The read's start matters only when an item is dated after it; left out otherwise, so that a run that
            // changed nothing writes the same bytes (and a failed run leaves the file as it was).
            bool clamped = merged.Count > 0 && merged.Values.Max() > ReadStartedAtUtc;
            _commit(new ListState { ReadAt = clamped ? ReadStartedAtUtc : (DateTime?)null, Items = merged });
        }

        /// <summary>The newest of <paramref name="updates"/>, but never later than <paramref name="readAt"/>; null without updates.</summary>
        internal static DateTime? ClockOf(IEnumerable<DateTime> updates, DateTime? readAt)
        {
            DateTime? newest = null;
            foreach (DateTime update in updates)
            {
                if (newest == null || update > newest.Value)
                {
                    newest = update;
                }
            }

            return newest == null || readAt == null || newest.Value <= readAt.Value ? newest : readAt;
        }

        /// <summary><paramref name="time"/> less <paramref name="span"/>, stopping at 0001-01-01 instead of failing.</summary>
        internal static DateTime Earlier(DateTime time, TimeSpan span) =>
            time.Ticks <= span.Ticks ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) : time - span;

        internal static DateTime ToUtc(DateTime time) =>
            time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : time.Kind == DateTimeKind.Utc ? time
            : DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc);
    }

    /// <summary>What the state file holds for one list: when its last complete read started, and the items it returned lately.</summary>
    internal sealed class ListState
    {
        /// <summary>When the read that saved this list started (UTC); only kept when an item is dated after it.</summary>
        [JsonProperty("readAt", Order = 1, NullValueHandling = NullValueHandling.Ignore)]
        public DateTime? ReadAt { get; set; }

        [JsonProperty("items", Order = 2)]
        public SortedDictionary<string, DateTime> Items { get; set; } = new SortedDictionary<string, DateTime>(StringComparer.Ordinal);

        /// <summary>The newest item's update, never later than <see cref="ReadAt"/>.</summary>
        [JsonIgnore]
        public DateTime? Clock => CollectionState.ClockOf(Items.Values, ReadAt);
    }
}
