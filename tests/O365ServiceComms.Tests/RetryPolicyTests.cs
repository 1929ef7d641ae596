using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Threading;
using O365ServiceComms.Graph;
using Xunit;

namespace O365ServiceComms.Tests
{
    public class RetryPolicyTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        private static RetryPolicy Policy(double random = 0.5) => new RetryPolicy(random: () => random, utcNow: () => Now);

        [Fact]
        public void WaitsExactlyWhatRetryAfterSaysInSeconds()
        {
            RetryDecision decision = Policy().Decide(1, (HttpStatusCode)429, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), TimeSpan.Zero);

            Assert.True(decision.Retry);
            Assert.True(decision.FromRetryAfter);
            Assert.Equal(TimeSpan.FromSeconds(7), decision.Delay);
        }

        [Fact]
        public void WaitsUntilARetryAfterDate()
        {
            RetryDecision decision = Policy().Decide(1, (HttpStatusCode)429, new RetryConditionHeaderValue(Now.AddSeconds(30)), TimeSpan.Zero);

            Assert.True(decision.Retry);
            Assert.Equal(TimeSpan.FromSeconds(30), decision.Delay);
        }

        [Fact]
        public void ARetryAfterDateInThePastMeansNoWait()
        {
            Assert.Equal(TimeSpan.Zero, Policy().RetryAfterDelay(new RetryConditionHeaderValue(Now.AddMinutes(-1))));
        }

        [Fact]
        public void RetryAfterCountsEvenWhenTheBackOffBudgetIsSpent()
        {
            RetryDecision decision = Policy().Decide(2, HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(TimeSpan.FromSeconds(90)), TimeSpan.FromSeconds(59));

            Assert.True(decision.Retry);
            Assert.Equal(TimeSpan.FromSeconds(90), decision.Delay);
        }

        [Fact]
        public void ARetryAfterLongerThanFiveMinutesIsReportedNotSleptThrough()
        {
            RetryDecision decision = Policy().Decide(1, (HttpStatusCode)429, new RetryConditionHeaderValue(TimeSpan.FromSeconds(3600)), TimeSpan.Zero);

            Assert.False(decision.Retry);
            Assert.Contains("3600 seconds", decision.Reason);
            Assert.Contains("300 seconds", decision.Reason);
        }

        [Theory]
        [InlineData(0.5, new[] { 2.0, 4.0, 8.0, 16.0 })]
        [InlineData(0.0, new[] { 1.5, 3.0, 6.0, 12.0 })]
        [InlineData(0.999999, new[] { 2.5, 5.0, 10.0, 20.0 })]
        public void BacksOffExponentiallyWithJitterOfAQuarter(double random, double[] expectedSeconds)
        {
            RetryPolicy policy = Policy(random);
            for (int retry = 1; retry <= expectedSeconds.Length; retry++)
            {
                Assert.Equal(expectedSeconds[retry - 1], policy.BackOff(retry).TotalSeconds, 2);
            }
        }

        [Theory]
        [InlineData(HttpStatusCode.ServiceUnavailable)]
        [InlineData(HttpStatusCode.GatewayTimeout)]
        [InlineData((HttpStatusCode)429)]
        [InlineData(null)]
        public void RetriesTransientFaultsWithBackOff(HttpStatusCode? status)
        {
            RetryDecision decision = Policy().Decide(1, status, null, TimeSpan.FromSeconds(1));

            Assert.True(decision.Retry);
            Assert.False(decision.FromRetryAfter);
            Assert.Equal(TimeSpan.FromSeconds(2), decision.Delay);
        }

        [Fact]
        public void GivesUpAfterFiveAttempts()
        {
            RetryDecision decision = Policy().Decide(RetryPolicy.MaxAttempts, HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)), TimeSpan.Zero);

            Assert.False(decision.Retry);
            Assert.Contains("5 attempts", decision.Reason);
        }

        [Fact]
        public void GivesUpWhenTheBackOffWouldPassAMinute()
        {
            // Third retry: 8 s; 55 s already spent.
            RetryDecision decision = Policy().Decide(3, null, null, TimeSpan.FromSeconds(55));

            Assert.False(decision.Retry);
            Assert.Contains("3 attempts in 55 seconds", decision.Reason);
            Assert.True(Policy().Decide(3, null, null, TimeSpan.FromSeconds(52)).Retry);
        }

        [Theory]
        [InlineData(429, true)]
        [InlineData(503, true)]
        [InlineData(504, true)]
        [InlineData(500, false)]
        [InlineData(400, false)]
        [InlineData(401, false)]
        [InlineData(403, false)]
        [InlineData(404, false)]
        public void RetriesOnlyThrottlingAndUnavailability(int status, bool retryable)
        {
            Assert.Equal(retryable, RetryPolicy.IsRetryable((HttpStatusCode)status));
        }

        [Fact]
        public void TheRealSleepEndsAtOnceOnCancellation()
        {
            using (var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                var stopwatch = Stopwatch.StartNew();
                Assert.ThrowsAny<OperationCanceledException>(() => new RetryPolicy().Sleep(TimeSpan.FromSeconds(60), cancellation.Token));
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "the wait should end with the cancellation, not after 60 s");
            }
        }
    }
}
