using System;
using System.Collections.Generic;
using System.Linq;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// The message ids a connection's cmdlets wrote last, newest first, for tab completion of -Id. Bounded: once full,
    /// the id seen longest ago makes room. Thread-safe, since completion may run while a pipeline writes.
    /// </summary>
    internal sealed class RecentIds
    {
        public const int DefaultCapacity = 1000;

        private readonly object _lock = new object();
        private readonly int _capacity;

        // Newest first; the dictionary finds an id's node so that seeing it again moves it to the front in O(1).
        private readonly LinkedList<RecentId> _order = new LinkedList<RecentId>();
        private readonly Dictionary<string, LinkedListNode<RecentId>> _byId = new Dictionary<string, LinkedListNode<RecentId>>(StringComparer.OrdinalIgnoreCase);

        public RecentIds(int capacity = DefaultCapacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            _capacity = capacity;
        }

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _order.Count;
                }
            }
        }

        /// <summary>Notes that an id was written; <paramref name="messageType"/> is Incident or MessageCenter.</summary>
        public void Add(string id, string messageType, string title)
        {
            if (string.IsNullOrEmpty(id))
            {
                return;
            }

            var entry = new RecentId(id, messageType, title);
            lock (_lock)
            {
                // The node that leaves (the id's own, or the oldest once full) is reused: a long list writes an id per item.
                if (!_byId.TryGetValue(id, out LinkedListNode<RecentId> node) && _order.Count == _capacity)
                {
                    node = _order.Last;
                    _byId.Remove(node.Value.Id);
                }

                if (node == null)
                {
                    node = new LinkedListNode<RecentId>(entry);
                }
                else
                {
                    _order.Remove(node);
                    node.Value = entry;
                }

                _order.AddFirst(node);
                _byId[id] = node;
            }
        }

        /// <summary>Ids starting with <paramref name="prefix"/> (any case), newest first, optionally of one message type.</summary>
        public IReadOnlyList<RecentId> Find(string prefix, string messageType = null)
        {
            prefix = prefix ?? string.Empty;
            lock (_lock)
            {
                return _order
                    .Where(entry => entry.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Where(entry => messageType == null || string.Equals(entry.MessageType, messageType, StringComparison.OrdinalIgnoreCase))
                    .ToList();
            }
        }
    }

    internal sealed class RecentId
    {
        public RecentId(string id, string messageType, string title)
        {
            Id = id;
            MessageType = messageType;
            Title = title;
        }

        public string Id { get; }

        public string MessageType { get; }

        public string Title { get; }
    }
}
