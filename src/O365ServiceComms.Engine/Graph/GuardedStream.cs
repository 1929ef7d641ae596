using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// A response body read synchronously (the JSON reader pulls from it on the pipeline thread) that still ends
    /// each read on Ctrl+C, when no data arrives for the idle timeout, and when the whole body takes longer than its
    /// deadline (a body dripping one byte at a time never trips the idle timeout); and that stops once more than
    /// <c>maxBytes</c> have come, counted as they are read, so nothing is buffered to find out. In each case the
    /// underlying stream is disposed, which aborts a read the platform would not cancel by itself.
    /// </summary>
    internal sealed class GuardedStream : Stream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _idleTimeout;
        private readonly TimeSpan _deadline;
        private readonly long _maxBytes;
        private readonly Func<long, string> _tooLargeMessage;
        private readonly CancellationToken _cancellationToken;
        private readonly Stopwatch _clock;
        private long _bytesRead;
        // The current read waits for the deadline rather than the idle timeout.
        private bool _deadlineBound;

        /// <param name="deadline">How long the whole body may take, from now.</param>
        /// <param name="maxBytes">The most bytes the body may have; more is a <see cref="ResponseLimitException"/>.</param>
        /// <param name="tooLargeMessage">The message for a body over <paramref name="maxBytes"/> (given the limit).</param>
        /// <param name="clock">
        /// Measures the time against the deadline: by default a new one; a shared one (started here, stopped on dispose)
        /// makes several bodies (a page read twice) share one deadline.
        /// </param>
        public GuardedStream(
            Stream inner, TimeSpan idleTimeout, CancellationToken cancellationToken,
            TimeSpan? deadline = null, long maxBytes = long.MaxValue, Func<long, string> tooLargeMessage = null, Stopwatch clock = null)
        {
            _clock = clock ?? new Stopwatch();
            _clock.Start();
            _inner = inner;
            _idleTimeout = idleTimeout;
            _deadline = deadline ?? System.Threading.Timeout.InfiniteTimeSpan;
            _maxBytes = maxBytes;
            _tooLargeMessage = tooLargeMessage ?? (limit => string.Format(Strings.ResponseTooLarge, Megabytes(limit)));
            _cancellationToken = cancellationToken;
        }

        public long BytesRead => _bytesRead;

        public override int Read(byte[] buffer, int offset, int count)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            TimeSpan wait = _idleTimeout;
            if (_deadline != System.Threading.Timeout.InfiniteTimeSpan)
            {
                TimeSpan left = _deadline - _clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    _deadlineBound = true;
                    throw Abort();
                }

                _deadlineBound = left < wait;
                wait = _deadlineBound ? left : wait;
            }

            // Never more than one byte past the limit is asked for, so going over it is seen at once.
            if (_maxBytes != long.MaxValue)
            {
                count = (int)Math.Min(count, Math.Max(1, _maxBytes - _bytesRead + 1));
            }

            int read;
            using (var guard = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken))
            {
                guard.CancelAfter(wait);
                Task<int> reading = _inner.ReadAsync(buffer, offset, count, guard.Token);
                try
                {
                    reading.Wait(guard.Token);
                    read = reading.Result;
                }
                catch (OperationCanceledException)
                {
                    throw Abort();
                }
                catch (AggregateException exception)
                {
                    if (guard.IsCancellationRequested)
                    {
                        throw Abort();
                    }

                    ExceptionDispatchInfo.Capture(exception.InnerException ?? exception).Throw();
                    throw;
                }
            }

            _bytesRead += read;
            if (_bytesRead > _maxBytes)
            {
                _inner.Dispose();
                throw new ResponseLimitException(_tooLargeMessage(_maxBytes), ServiceCommsErrorKind.ResponseTooLarge);
            }

            return read;
        }

        internal static string Megabytes(long bytes) =>
            (bytes / (1024.0 * 1024.0)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.###", CultureInfo.InvariantCulture);

        private Exception Abort()
        {
            _inner.Dispose();
            if (_cancellationToken.IsCancellationRequested)
            {
                return new OperationCanceledException(_cancellationToken);
            }

            bool pastDeadline = _deadline != System.Threading.Timeout.InfiniteTimeSpan && (_deadlineBound || _clock.Elapsed >= _deadline);
            // The timer that ended a read bound by the deadline counts coarser milliseconds than the clock, which can
            // then show a hair less than the deadline: the callers, who ask the clock whether a page may be read once
            // more, must see the deadline passed, as this read did.
            while (pastDeadline && _clock.IsRunning && _clock.Elapsed < _deadline)
            {
                Thread.Sleep(1);
            }

            return new ResponseLimitException(
                pastDeadline
                    ? string.Format(CultureInfo.InvariantCulture, Strings.ResponseDeadlineExceeded, _deadline.TotalSeconds)
                    : string.Format(CultureInfo.InvariantCulture, Strings.ResponseStalled, _idleTimeout.TotalSeconds),
                ServiceCommsErrorKind.TimedOut);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _clock.Stop();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that broke a limit of <see cref="GraphLimits"/>: too slow (RequestTimeout) or too large (ResponseTooLarge).</summary>
    internal sealed class ResponseLimitException : IOException
    {
        public ResponseLimitException(string message, ServiceCommsErrorKind kind)
            : base(message)
        {
            Kind = kind;
        }

        /// <summary>The kind the failure is reported as (TimedOut, ResponseTooLarge, InvalidResponse).</summary>
        public ServiceCommsErrorKind Kind { get; }
    }
}
