using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// Reads two lists at the same time and hands what they produce to the enumerating thread in a fixed order:
    /// everything the first producer adds, as it comes, then everything the second added, read meanwhile and held.
    /// So the output is the same, entry for entry, as reading one list after the other, only sooner.
    /// </summary>
    /// <remarks>
    /// Each producer runs on a background task and writes only through its <see cref="ListSink{T}"/>: callbacks that
    /// belong to the caller's thread (a cmdlet's streams) must be added as entries, never invoked by the producer.
    /// A producer calls <see cref="ListSink{T}.WaitForRoom"/> before it requests a further page, so a sink never holds
    /// much more than its limit plus one page, and a waiting producer holds no answer open. Stopping the enumeration
    /// (Select-Object -First, Ctrl+C through the token, an error) cancels both producers and waits for them, so no
    /// request is sent after it. A producer's exception is rethrown on the enumerating thread once the other list's
    /// entries were handed out: one list's failure never costs the other list.
    /// </remarks>
    internal static class SideBySideLists
    {
        /// <summary>
        /// Entries a list may hold before its producer waits to request a further page: one page, so the second list
        /// holds at most two pages (its memory stays flat however long the lists), and on a slow link its next page is
        /// asked for as soon as the first list has been written.
        /// </summary>
        public const int DefaultHeldLimit = GraphClient.MaxPageSize;

        public static IEnumerable<T> Read<T>(Action<ListSink<T>> first, Action<ListSink<T>> second, CancellationToken cancellationToken, int heldLimit = DefaultHeldLimit)
        {
            if (first == null)
            {
                throw new ArgumentNullException(nameof(first));
            }

            if (second == null)
            {
                throw new ArgumentNullException(nameof(second));
            }

            return ReadIterator(first, second, cancellationToken, heldLimit);
        }

        private static IEnumerable<T> ReadIterator<T>(Action<ListSink<T>> first, Action<ListSink<T>> second, CancellationToken cancellationToken, int heldLimit)
        {
            using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var firstSink = new ListSink<T>(heldLimit, stopping.Token);
                var secondSink = new ListSink<T>(heldLimit, stopping.Token);
                Task[] producers =
                {
                    Start(first, firstSink),
                    Start(second, secondSink),
                };
                try
                {
                    ExceptionDispatchInfo firstFailure = null;
                    foreach (ListSink<T> sink in new[] { firstSink, secondSink })
                    {
                        while (sink.TryTake(out T entry, stopping.Token))
                        {
                            yield return entry;
                        }

                        // A producer stopped by the caller's cancellation ends without a failure of its own: its list
                        // is cut short, and must not read as complete.
                        cancellationToken.ThrowIfCancellationRequested();
                        firstFailure = firstFailure ?? sink.Failure;
                    }

                    firstFailure?.Throw();
                }
                finally
                {
                    stopping.Cancel();
                    try
                    {
                        Task.WaitAll(producers);
                    }
                    catch (AggregateException)
                    {
                        // Each producer's failure is kept in its sink; after a stop nobody wants it.
                    }
                }
            }
        }

        private static Task Start<T>(Action<ListSink<T>> produce, ListSink<T> sink) =>
            Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        produce(sink);
                        sink.End(null);
                    }
                    catch (Exception exception)
                    {
                        sink.End(exception);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
    }

    /// <summary>Where one producer of <see cref="SideBySideLists"/> writes; safe to use from its background task.</summary>
    internal sealed class ListSink<T>
    {
        private readonly Queue<T> _entries = new Queue<T>();
        private readonly object _sync = new object();
        private readonly int _heldLimit;
        private bool _ended;
        private bool _readerWaiting;
        private bool _producerWaiting;

        /// <summary>Entries that wake a waiting reader.</summary>
        internal const int WakeBatch = 64;

        /// <summary>How long a waiting reader lets entries wait that are fewer than a batch (a page that drips).</summary>
        internal static readonly TimeSpan ReaderWaitLimit = TimeSpan.FromMilliseconds(20);

        public ListSink(int heldLimit, CancellationToken cancellationToken)
        {
            _heldLimit = Math.Max(1, heldLimit);
            CancellationToken = cancellationToken;
            cancellationToken.Register(Wake);
        }

        /// <summary>Cancelled when the reader stopped: the producer should end soon and request nothing more.</summary>
        public CancellationToken CancellationToken { get; }

        /// <summary>The producer's exception, once it ended with one.</summary>
        internal ExceptionDispatchInfo Failure { get; private set; }

        public void Add(T entry)
        {
            lock (_sync)
            {
                _entries.Enqueue(entry);

                // A waiting reader is woken once a batch is in, not for every entry: a wake-up per entry (a thread
                // switch each) cost more than reading the entries. A page's last entries are handed on by WaitForRoom
                // and End, and a slower page's within ReaderWaitLimit.
                if (_readerWaiting && _entries.Count >= WakeBatch)
                {
                    Monitor.PulseAll(_sync);
                }
            }
        }

        /// <summary>Before each further page: waits while the reader has not yet taken enough of what this list holds.</summary>
        /// <exception cref="OperationCanceledException">The reader stopped.</exception>
        public void WaitForRoom()
        {
            lock (_sync)
            {
                // What the page brought goes to a waiting reader now, before the next page is asked for.
                if (_readerWaiting && _entries.Count > 0)
                {
                    Monitor.PulseAll(_sync);
                }

                while (_entries.Count >= _heldLimit && !CancellationToken.IsCancellationRequested)
                {
                    _producerWaiting = true;
                    Monitor.Wait(_sync);
                }

                _producerWaiting = false;
            }

            CancellationToken.ThrowIfCancellationRequested();
        }

        internal void End(Exception failure)
        {
            lock (_sync)
            {
                if (failure != null && !(failure is OperationCanceledException && CancellationToken.IsCancellationRequested))
                {
                    Failure = ExceptionDispatchInfo.Capture(failure);
                }

                _ended = true;
                Monitor.PulseAll(_sync);
            }
        }

        /// <summary>The next entry, waiting for it; false once the producer ended and everything was taken.</summary>
        internal bool TryTake(out T entry, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                while (_entries.Count == 0 && !_ended)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _readerWaiting = true;
                    Monitor.Wait(_sync, ReaderWaitLimit);
                    _readerWaiting = false;
                }

                if (_entries.Count == 0)
                {
                    entry = default(T);
                    return false;
                }

                entry = _entries.Dequeue();
                if (_producerWaiting && _entries.Count < _heldLimit)
                {
                    Monitor.PulseAll(_sync);
                }

                return true;
            }
        }

        private void Wake()
        {
            lock (_sync)
            {
                Monitor.PulseAll(_sync);
            }
        }
    }
}
