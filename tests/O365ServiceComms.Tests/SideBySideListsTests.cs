using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    /// <summary>Issue 16: two lists read at once, handed out first list then second, bounded, stoppable, failure kept apart.</summary>
    public class SideBySideListsTests
    {
        private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

        [Fact]
        public void HandsOutTheFirstListThenTheSecondWhicheverEndsFirst()
        {
            using (var secondDone = new ManualResetEventSlim())
            {
                var read = SideBySideLists.Read<string>(
                    sink =>
                    {
                        // The first list waits until the second has ended: both run at once, yet the order holds.
                        Assert.True(secondDone.Wait(s_bound));
                        for (int i = 0; i < 3; i++)
                        {
                            sink.Add("a" + i);
                        }
                    },
                    sink =>
                    {
                        for (int i = 0; i < 5; i++)
                        {
                            sink.Add("b" + i);
                        }

                        secondDone.Set();
                    },
                    CancellationToken.None).ToList();

                Assert.Equal(new[] { "a0", "a1", "a2", "b0", "b1", "b2", "b3", "b4" }, read);
            }
        }

        [Fact]
        public void AProducerWaitsAtItsNextPageWhileItsSinkHoldsTheLimit()
        {
            int pagesStarted = 0;
            using (var firstMayEnd = new ManualResetEventSlim())
            {
                IEnumerator<int> read = SideBySideLists.Read<int>(
                    sink => Assert.True(firstMayEnd.Wait(s_bound)),
                    sink =>
                    {
                        for (int page = 0; page < 10; page++)
                        {
                            if (page > 0)
                            {
                                sink.WaitForRoom();
                            }

                            Interlocked.Increment(ref pagesStarted);
                            for (int i = 0; i < 10; i++)
                            {
                                sink.Add(page * 10 + i);
                            }
                        }
                    },
                    CancellationToken.None,
                    heldLimit: 25).GetEnumerator();
                try
                {
                    var starting = new Thread(() => read.MoveNext());
                    starting.Start();
                    SpinWait.SpinUntil(() => Volatile.Read(ref pagesStarted) >= 3, s_bound);
                    Thread.Sleep(300);

                    // 30 held: at 25 or more, no further page.
                    Assert.Equal(3, Volatile.Read(ref pagesStarted));
                    firstMayEnd.Set();
                    Assert.True(starting.Join(s_bound));
                    var all = new List<int> { read.Current };
                    while (read.MoveNext())
                    {
                        all.Add(read.Current);
                    }

                    Assert.Equal(Enumerable.Range(0, 100), all);
                    Assert.Equal(10, pagesStarted);
                }
                finally
                {
                    firstMayEnd.Set();
                    read.Dispose();
                }
            }
        }

        [Fact]
        public void StoppingTheReadingCancelsBothProducersAndWaitsForThem()
        {
            int ended = 0;
            Action<ListSink<int>> endless = sink =>
            {
                try
                {
                    for (int page = 0; ; page++)
                    {
                        sink.WaitForRoom();
                        sink.Add(page);
                    }
                }
                finally
                {
                    Interlocked.Increment(ref ended);
                }
            };

            List<int> firstTwo = SideBySideLists.Read(endless, endless, CancellationToken.None, heldLimit: 2).Take(2).ToList();

            Assert.Equal(new[] { 0, 1 }, firstTwo);
            Assert.Equal(2, Volatile.Read(ref ended));
        }

        [Fact]
        public void CancellationEndsTheReadingWhileBothWait()
        {
            using (var cancellation = new CancellationTokenSource())
            {
                Action<ListSink<int>> waiting = sink => sink.CancellationToken.WaitHandle.WaitOne(s_bound);
                IEnumerable<int> read = SideBySideLists.Read(waiting, waiting, cancellation.Token);
                cancellation.CancelAfter(200);
                Assert.ThrowsAny<OperationCanceledException>(() => read.ToList());
            }
        }

        [Fact]
        public void OneListsFailureComesAfterTheOtherListsEntries()
        {
            var read = new List<string>();
            var failure = Assert.Throws<InvalidOperationException>(() =>
            {
                foreach (string entry in SideBySideLists.Read<string>(
                    sink =>
                    {
                        sink.Add("a0");
                        throw new InvalidOperationException("first failed");
                    },
                    sink =>
                    {
                        sink.Add("b0");
                        sink.Add("b1");
                    },
                    CancellationToken.None))
                {
                    read.Add(entry);
                }
            });

            Assert.Equal("first failed", failure.Message);
            Assert.Equal(new[] { "a0", "b0", "b1" }, read);
        }
    }
}
