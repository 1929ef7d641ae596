using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using O365ServiceComms.Cmdlets;
using O365ServiceComms.Graph;
using O365ServiceComms.Session;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class TenantFanOutTests
    {
        private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

        [Fact]
        public void DeliversEveryItemOnTheCallingThreadInEachWorkersOrder()
        {
            int caller = Environment.CurrentManagedThreadId;
            var workerThreads = new ConcurrentBag<int>();
            var delivered = new List<(int Input, int Item)>();

            TenantFanOut.Run<int, (int Input, int Item)>(
                Enumerable.Range(0, 10).ToArray(),
                throttleLimit: 3,
                (input, emit, token) =>
                {
                    workerThreads.Add(Environment.CurrentManagedThreadId);
                    for (int item = 0; item < 100; item++)
                    {
                        emit((input, item));
                    }
                },
                item =>
                {
                    Assert.Equal(caller, Environment.CurrentManagedThreadId);
                    delivered.Add(item);
                },
                (input, exception) => throw new InvalidOperationException("no fault expected", exception),
                CancellationToken.None);

            Assert.Equal(1000, delivered.Count);
            Assert.DoesNotContain(caller, workerThreads);
            foreach (var group in delivered.GroupBy(entry => entry.Input))
            {
                Assert.Equal(Enumerable.Range(0, 100), group.Select(entry => entry.Item));
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(8)]
        public void RunsAtMostThrottleLimitAtOnceAndReachesIt(int throttleLimit)
        {
            int running = 0;
            int peak = 0;
            // Each input holds its worker until throttleLimit of them run at once (or 10 s pass): on a loaded machine
            // the last worker of a wave can start after the first has finished a fixed sleep.
            using var allRunning = new ManualResetEventSlim(false);
            TenantFanOut.Run(
                Enumerable.Range(0, 2 * throttleLimit + 1).ToArray(),
                throttleLimit,
                (input, emit, token) =>
                {
                    int now = Interlocked.Increment(ref running);
                    InterlockedMax(ref peak, now);
                    if (now == throttleLimit)
                    {
                        allRunning.Set();
                    }

                    allRunning.Wait(TimeSpan.FromSeconds(10));
                    Thread.Sleep(50);
                    Interlocked.Decrement(ref running);
                    emit(input);
                },
                item => { },
                (input, exception) => -1,
                CancellationToken.None);

            Assert.Equal(throttleLimit, peak);
        }

        [Fact]
        public void OneInputsFailureIsDeliveredAndTheOthersFinish()
        {
            var delivered = new List<string>();
            TenantFanOut.Run(
                new[] { "a", "b", "c", "d" },
                throttleLimit: 2,
                (input, emit, token) =>
                {
                    if (input == "b")
                    {
                        throw new InvalidOperationException("b broke");
                    }

                    emit(input + ":ok");
                },
                delivered.Add,
                (input, exception) => input + ":" + exception.Message,
                CancellationToken.None);

            Assert.Equal(new[] { "a:ok", "b:b broke", "c:ok", "d:ok" }, delivered.OrderBy(item => item));
        }

        [Fact]
        public void CancellationStopsTheDrainAndEveryWorker()
        {
            using (var cancellation = new CancellationTokenSource())
            {
                int started = 0;
                int stillRunning = 0;
                Task run = Task.Run(() => TenantFanOut.Run(
                    Enumerable.Range(0, 50).ToArray(),
                    throttleLimit: 4,
                    (input, emit, token) =>
                    {
                        Interlocked.Increment(ref started);
                        Interlocked.Increment(ref stillRunning);
                        try
                        {
                            // A request that only ends when it is cancelled.
                            Task.Delay(Timeout.Infinite, token).Wait();
                        }
                        catch (AggregateException exception) when (exception.InnerException is OperationCanceledException)
                        {
                            throw exception.InnerException;
                        }
                        finally
                        {
                            Interlocked.Decrement(ref stillRunning);
                        }
                    },
                    item => { },
                    (input, exception) => 0,
                    cancellation.Token));

                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref started) == 4, s_patience));
                cancellation.Cancel();

                var thrown = Assert.ThrowsAny<AggregateException>(() => run.Wait(s_patience));
                Assert.IsAssignableFrom<OperationCanceledException>(thrown.InnerException);
                Assert.Equal(0, Volatile.Read(ref stillRunning));
                Assert.Equal(4, Volatile.Read(ref started));
            }
        }

        [Fact]
        public void AnExceptionFromDeliverStopsTheWorkersAndPropagates()
        {
            int started = 0;
            int finished = 0;
            var exception = Assert.Throws<InvalidOperationException>(() => TenantFanOut.Run(
                Enumerable.Range(0, 40).ToArray(),
                throttleLimit: 2,
                (input, emit, token) =>
                {
                    Interlocked.Increment(ref started);
                    for (int item = 0; item < 10 && !token.IsCancellationRequested; item++)
                    {
                        emit(item);
                        Thread.Sleep(5);
                    }

                    Interlocked.Increment(ref finished);
                },
                // Like Select-Object -First 3 stopping the pipeline.
                item =>
                {
                    if (item == 3)
                    {
                        throw new InvalidOperationException("pipeline stopped");
                    }
                },
                (input, e) => 0,
                CancellationToken.None));

            Assert.Equal("pipeline stopped", exception.Message);
            int startedAtStop = Volatile.Read(ref started);
            Thread.Sleep(200);
            Assert.Equal(startedAtStop, Volatile.Read(ref started));
            Assert.True(startedAtStop < 40);
        }

        [Fact]
        public void ABoundedQueueHoldsAWorkerBackUntilTheCallerCatchesUp()
        {
            int emitted = 0;
            int maxAhead = 0;
            int delivered = 0;
            TenantFanOut.Run(
                new[] { 0 },
                throttleLimit: 1,
                (input, emit, token) =>
                {
                    for (int item = 0; item < TenantFanOut.QueueCapacity * 3; item++)
                    {
                        emit(item);
                        InterlockedMax(ref maxAhead, Interlocked.Increment(ref emitted) - Volatile.Read(ref delivered));
                    }
                },
                item =>
                {
                    if (item % 512 == 0)
                    {
                        Thread.Sleep(5);
                    }

                    Interlocked.Increment(ref delivered);
                },
                (input, exception) => 0,
                CancellationToken.None);

            Assert.Equal(TenantFanOut.QueueCapacity * 3, delivered);
            Assert.InRange(maxAhead, 1, TenantFanOut.QueueCapacity + 1);
        }

        [Fact]
        public void NoInputsIsNoWork()
        {
            bool called = false;
            TenantFanOut.Run<int, int>(Array.Empty<int>(), 4, (input, emit, token) => called = true, item => called = true, (input, exception) => 0, CancellationToken.None);
            Assert.False(called);
        }

        [Fact]
        public void EachWorkersGraphClientCopyLogsToItsOwnSink()
        {
            // TenantOutput gives each tenant connection.Graph.WithLog(its own sink): two copies used at the same time on
            // two threads never write through each other's sink.
            var shared = new GraphClient(new Uri("https://graph.example.test/"), new FixedToken(), new HttpClient(new EmptyPages()));
            var lines = new[] { new ConcurrentQueue<string>(), new ConcurrentQueue<string>() };
            var debugLines = new[] { new ConcurrentQueue<string>(), new ConcurrentQueue<string>() };
            var collections = new[] { "issues", "messages" };
            using (var start = new Barrier(2))
            {
                var threads = Enumerable.Range(0, 2).Select(index => new Thread(() =>
                {
                    GraphClient mine = shared.WithLog(lines[index].Enqueue, debugLines[index].Enqueue);
                    start.SignalAndWait();
                    for (int round = 0; round < 20; round++)
                    {
                        mine.GetCollection<GraphIssue>(collections[index], CancellationToken.None).ToList();
                    }
                })).ToList();
                threads.ForEach(thread => thread.Start());
                Assert.All(threads, thread => Assert.True(thread.Join(s_patience)));
            }

            for (int index = 0; index < 2; index++)
            {
                Assert.Equal(20, lines[index].Count);
                Assert.All(lines[index], line => Assert.Contains("/" + collections[index], line));
                Assert.All(debugLines[index], line => Assert.DoesNotContain("Bearer token", line));
                Assert.NotEmpty(debugLines[index]);
            }

            Assert.Null(shared.Log);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }

        private sealed class FixedToken : IAccessTokenSource
        {
            public AccessToken GetToken(bool forceRefresh, CancellationToken cancellationToken) =>
                new AccessToken("token", DateTimeOffset.UtcNow.AddHours(1));
        }

        private sealed class EmptyPages : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    RequestMessage = request,
                    Content = new StringContent("{\"value\":[]}", Encoding.UTF8, "application/json"),
                });
        }
    }
}
