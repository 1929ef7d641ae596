using System;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// A response body read synchronously (the JSON reader pulls from it on the pipeline thread) that still ends
    /// each read on Ctrl+C and when no data arrives for the idle timeout. Either way the underlying stream is
    /// disposed, which aborts a read the platform would not cancel by itself.
    /// </summary>
    internal sealed class GuardedStream : Stream
    {
        private readonly Stream _inner;
        private readonly TimeSpan _idleTimeout;
        private readonly CancellationToken _cancellationToken;

        public GuardedStream(Stream inner, TimeSpan idleTimeout, CancellationToken cancellationToken)
        {
            _inner = inner;
            _idleTimeout = idleTimeout;
            _cancellationToken = cancellationToken;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using (var guard = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken))
            {
                guard.CancelAfter(_idleTimeout);
                Task<int> read = _inner.ReadAsync(buffer, offset, count, guard.Token);
                try
                {
                    read.Wait(guard.Token);
                    return read.Result;
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
        }

        private Exception Abort()
        {
            _inner.Dispose();
            return _cancellationToken.IsCancellationRequested
                ? new OperationCanceledException(_cancellationToken)
                : (Exception)new IOException(string.Format(Strings.ResponseStalled, _idleTimeout.TotalSeconds));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
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
}
