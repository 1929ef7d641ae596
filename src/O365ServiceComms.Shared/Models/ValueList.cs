using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace O365ServiceComms
{
    /// <summary>
    /// The read-only list behind every list property of the output objects (IncidentIds, Tags, Services, Posts,
    /// Details...). It enumerates, indexes and counts like an array, and ConvertTo-Json writes it as a JSON array;
    /// its text is its items joined with "; ", so Export-Csv and ConvertTo-Html write "LY197383; EX261233" rather
    /// than a type name.
    /// </summary>
    public sealed class ValueList<T> : IReadOnlyList<T>, IList
    {
        /// <summary>What every list property of the module joins its items with in text.</summary>
        public const string Separator = "; ";

        internal static readonly ValueList<T> Empty = new ValueList<T>(Array.Empty<T>());

        private readonly T[] _items;

        internal ValueList(T[] items) => _items = items ?? Array.Empty<T>();

        internal static ValueList<T> From(IEnumerable<T> items) =>
            items == null ? Empty : new ValueList<T>(items as T[] ?? items.ToArray());

        public int Count => _items.Length;

        /// <summary>The same as Count, as on the arrays these lists replace (without it, PowerShell would give each item's Length).</summary>
        public int Length => _items.Length;

        public T this[int index] => _items[index];

        public bool Contains(T item) => Array.IndexOf(_items, item) >= 0;

        public T[] ToArray() => (T[])_items.Clone();

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

        /// <summary>The items' text joined with "; " (empty items left out).</summary>
        public override string ToString() =>
            string.Join(Separator, _items.Select(item => item?.ToString()).Where(text => !string.IsNullOrEmpty(text)));

        // IList, read-only: PowerShell indexes (negative indexes too) and counts through it.
        object IList.this[int index]
        {
            get => _items[index];
            set => throw ReadOnly();
        }

        bool IList.IsReadOnly => true;

        bool IList.IsFixedSize => true;

        int ICollection.Count => _items.Length;

        object ICollection.SyncRoot => _items.SyncRoot;

        bool ICollection.IsSynchronized => false;

        int IList.Add(object value) => throw ReadOnly();

        void IList.Clear() => throw ReadOnly();

        bool IList.Contains(object value) => ((IList)_items).Contains(value);

        int IList.IndexOf(object value) => ((IList)_items).IndexOf(value);

        void IList.Insert(int index, object value) => throw ReadOnly();

        void IList.Remove(object value) => throw ReadOnly();

        void IList.RemoveAt(int index) => throw ReadOnly();

        void ICollection.CopyTo(Array array, int index) => _items.CopyTo(array, index);

        private static NotSupportedException ReadOnly() => new NotSupportedException("The list is read-only.");
    }
}
