using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Cmdlets
{
    /// <summary>
    /// Runs one piece of work per input (a tenant) on worker threads, at most a given number at once, and hands what
    /// the workers produce to the calling thread, in the order each worker produced it. PowerShell allows objects,
    /// verbose lines, warnings and errors only from the pipeline thread: workers put them in a bounded queue, the
    /// caller drains it. Cancelling the token (Ctrl+C), or the caller leaving the drain early (an exception from
    /// <c>deliver</c>, such as Select-Object -First stopping the pipeline), stops every worker.
    /// </summary>
    internal static class TenantFanOut
    {
        // Enough to keep workers busy while the pipeline catches up; small enough that memory stays flat when the
        // pipeline is slower than the network.
        public const int QueueCapacity = 2048;

        private static readonly TimeSpan s_workerExitWait = TimeSpan.FromSeconds(5);

        /// <param name="work">Runs on a worker: reads one input, emitting what it produces; gets a token that is
        /// cancelled when the caller stops.</param>
        /// <param name="deliver">Runs on the calling thread, for each item emitted.</param>
        /// <param name="fault">Turns an exception that escaped <paramref name="work"/> into an item, so that one
        /// input's failure never stops the others.</param>
        public static void Run<TInput, TItem>(
            IReadOnlyList<TInput> inputs,
            int throttleLimit,
            Action<TInput, Action<TItem>, CancellationToken> work,
            Action<TItem> deliver,
            Func<TInput, Exception, TItem> fault,
            CancellationToken cancellationToken)
        {
            if (throttleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            }

            if (inputs.Count == 0)
            {
                return;
            }

            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var queue = new BlockingCollection<TItem>(QueueCapacity);
                var pending = new ConcurrentQueue<TInput>(inputs);
                int workerCount = Math.Min(throttleLimit, inputs.Count);
                int running = workerCount;
                var workers = new Task[workerCount];
                CancellationToken stopping = stop.Token;

                void Work()
                {
                    try
                    {
                        while (!stopping.IsCancellationRequested && pending.TryDequeue(out TInput input))
                        {
                            try
                            {
                                work(input, item => queue.Add(item, stopping), stopping);
                            }
                            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                            {
                                return;
                            }
                            catch (Exception exception)
                            {
                                try
                                {
                                    queue.Add(fault(input, exception), stopping);
                                }
                                catch (OperationCanceledException)
                                {
                                    return;
                                }
                            }
                        }
                    }
                    finally
                    {
                        if (Interlocked.Decrement(ref running) == 0)
                        {
                            queue.CompleteAdding();
                        }
                    }
                }

                // Workers block on the network (the Graph client is synchronous): dedicated threads, so they neither
                // wait for the thread pool to grow nor starve the pool that completes their I/O. They start without
                // the pipeline thread's ambient state, so that nothing of theirs can reach the pipeline thread's
                // cmdlet except through the queue.
                using (ExecutionContext.SuppressFlow())
                {
                    for (int i = 0; i < workerCount; i++)
                    {
                        workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                    }
                }

                bool workersDone = false;
                try
                {
                    foreach (TItem item in queue.GetConsumingEnumerable(cancellationToken))
                    {
                        deliver(item);
                    }

                    // Cancelled workers end and complete the queue: the drain can then end without seeing the
                    // cancellation, which must not pass for a complete result.
                    cancellationToken.ThrowIfCancellationRequested();
                    workersDone = true;
                }
                finally
                {
                    stop.Cancel();
                    workersDone = workersDone || WaitQuietly(workers);

                    // A worker that has not ended yet is cancelled and may still touch the queue: leave it to the GC.
                    if (workersDone)
                    {
                        queue.Dispose();
                    }
                }
            }
        }

        private static bool WaitQuietly(Task[] workers)
        {
            try
            {
                return Task.WaitAll(workers, s_workerExitWait);
            }
            catch (AggregateException)
            {
                // Workers catch everything themselves; a fault here can only come from fault() and is not worth more.
                return true;
            }
        }
    }
}
