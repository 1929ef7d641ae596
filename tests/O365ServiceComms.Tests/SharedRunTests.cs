using System;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Work shared by callers at the same time (the service catalog, a token renewal): done once, waited for without a lock.</summary>
    public class SharedRunTests
    {
        // A thread of its own, so that the caller starts at once, whatever the thread pool is busy with.
        private static Task<T> OnThread<T>(Func<T> call) =>
            Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        [Fact]
        public void ACallerArrivingMeanwhileTakesTheFirstCallersResult()
        {
            var run = new SharedRun<string>();
            int calls = 0;
            using (var started = new ManualResetEventSlim())
            using (var release = new ManualResetEventSlim())
            {
                Task<string> first = OnThread(() => run.Run(() => { Interlocked.Increment(ref calls); started.Set(); release.Wait(); return "one"; }, CancellationToken.None));
                Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
                using (var calling = new ManualResetEventSlim())
                {
                    Task<string> second = OnThread(() =>
                    {
                        calling.Set();
                        return run.Run(() => { Interlocked.Increment(ref calls); return "two"; }, CancellationToken.None);
                    });
                    Assert.True(calling.Wait(TimeSpan.FromSeconds(10)));
                    // The second caller's thread is running and a few instructions from its call: let it reach the wait.
                    Thread.Sleep(200);
                    release.Set();

                    Assert.Equal("one", first.Result);
                    Assert.Equal("one", second.Result);
                    Assert.Equal(1, calls);
                }
            }
        }

        [Fact]
        public void AWaitingCallerStopsAtItsOwnCancellationWhileTheWorkGoesOn()
        {
            var run = new SharedRun<string>();
            using (var started = new ManualResetEventSlim())
            using (var release = new ManualResetEventSlim())
            using (var stop = new CancellationTokenSource())
            {
                Task<string> first = OnThread(() => run.Run(() => { started.Set(); release.Wait(); return "one"; }, CancellationToken.None));
                Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
                Task<string> waiting = OnThread(() => run.Run(() => "two", stop.Token));
                Thread.Sleep(200);
                stop.Cancel();

                Assert.ThrowsAny<OperationCanceledException>(() => waiting.GetAwaiter().GetResult());
                Assert.False(first.IsCompleted);
                release.Set();
                Assert.Equal("one", first.Result);
            }
        }

        [Fact]
        public void AWaitingCallerDoesTheWorkItselfWhenTheFirstFailed()
        {
            var run = new SharedRun<string>();
            using (var started = new ManualResetEventSlim())
            using (var release = new ManualResetEventSlim())
            {
                Task<string> first = OnThread(() => run.Run(() => { started.Set(); release.Wait(); throw new InvalidOperationException("failed"); }, CancellationToken.None));
                Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
                Task<string> second = OnThread(() => run.Run(() => "two", CancellationToken.None));
                Thread.Sleep(200);
                release.Set();

                Assert.Throws<InvalidOperationException>(() => first.GetAwaiter().GetResult());
                Assert.Equal("two", second.Result);
                Assert.Equal("three", run.Run(() => "three", CancellationToken.None));
            }
        }
    }
}
