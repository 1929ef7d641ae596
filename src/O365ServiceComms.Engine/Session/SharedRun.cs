using System;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// One piece of work (a network read) shared by the callers that ask for it at the same time: the first does it,
    /// holding no lock; the others wait for its result, each able to stop waiting on its own Ctrl+C, and do the work
    /// themselves if it failed.
    /// </summary>
    internal sealed class SharedRun<T>
    {
        private readonly object _lock = new object();
        private TaskCompletionSource<T> _running;

        public T Run(Func<T> work, CancellationToken cancellationToken)
        {
            TaskCompletionSource<T> mine = null;
            Task<T> running;
            lock (_lock)
            {
                running = _running?.Task;
                if (running == null)
                {
                    mine = _running = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            if (mine == null)
            {
                try
                {
                    running.Wait(cancellationToken);
                    return running.Result;
                }
                catch (AggregateException)
                {
                    return work();
                }
            }

            try
            {
                T result = work();
                Done();
                mine.SetResult(result);
                return result;
            }
            catch (Exception exception)
            {
                Done();
                mine.SetException(exception);
                throw;
            }
        }

        private void Done()
        {
            lock (_lock)
            {
                _running = null;
            }
        }
    }
}
