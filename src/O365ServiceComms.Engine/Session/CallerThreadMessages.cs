using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace O365ServiceComms.Session
{
    /// <summary>
    /// Runs an operation that reports messages from other threads (MSAL calls the device code callback on a thread
    /// pool thread), and hands each message to <c>show</c> on the calling thread: a cmdlet may write to the host only
    /// from its pipeline thread.
    /// </summary>
    internal static class CallerThreadMessages
    {
        public static T Run<T>(Func<Action<string>, Task<T>> operation, Action<string> show, CancellationToken cancellationToken)
        {
            using (var messages = new BlockingCollection<string>())
            {
                Task<T> task;
                try
                {
                    task = operation(message => TryAdd(messages, message));
                }
                catch
                {
                    messages.CompleteAdding();
                    throw;
                }

                // Messages stop once the operation has ended, however it ended.
                task.ContinueWith(_ => Complete(messages), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                try
                {
                    foreach (string message in messages.GetConsumingEnumerable(cancellationToken))
                    {
                        show(message);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the operation got the same token and ends by itself; report its outcome below.
                }

                return task.GetAwaiter().GetResult();
            }
        }

        private static void Complete(BlockingCollection<string> messages)
        {
            try
            {
                messages.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
                // Cancelled: the caller stopped reading and has already let go of the collection.
            }
        }

        private static void TryAdd(BlockingCollection<string> messages, string message)
        {
            try
            {
                messages.Add(message);
            }
            catch (InvalidOperationException)
            {
                // The operation already ended (or the collection is disposed): nobody is left to show the message to.
            }
        }
    }
}
