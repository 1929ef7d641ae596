using System;
using System.Net;
using System.Net.Http.Headers;
using System.Threading;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// When a failed Graph request is tried again, and after how long. The figures are stated in README.md
    /// ("Reliability"); change both together.
    /// <list type="bullet">
    /// <item>429, and 503/504 that carry Retry-After: wait exactly what Retry-After says (seconds or an HTTP date),
    /// at most <see cref="MaxRetryAfter"/>; a longer wait is reported instead of slept through.</item>
    /// <item>503/504 without Retry-After, a dropped or refused connection, a timeout: exponential back-off
    /// (2, 4, 8, 16 s) with ±25 % jitter, as long as the request's own time, Retry-After waits not counted,
    /// stays within <see cref="TransientBudget"/>.</item>
    /// <item>Never more than <see cref="MaxAttempts"/> attempts per request.</item>
    /// </list>
    /// The clock, the random jitter and the sleep are injectable so tests need not wait.
    /// </summary>
    internal sealed class RetryPolicy
    {
        public const int MaxAttempts = 5;

        public static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(2);

        public static readonly TimeSpan TransientBudget = TimeSpan.FromSeconds(60);

        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(300);

        /// <summary>Each back-off is multiplied by a random factor in [1 - Jitter, 1 + Jitter).</summary>
        public const double Jitter = 0.25;

        private readonly Func<double> _random;
        private readonly Func<DateTimeOffset> _utcNow;
        private readonly Action<TimeSpan, CancellationToken> _sleep;

        /// <param name="random">A number in [0, 1); by default <see cref="Random"/>.</param>
        /// <param name="utcNow">The clock that HTTP-date Retry-After values are measured against.</param>
        /// <param name="sleep">Waits, returning early (with OperationCanceledException) when the token is cancelled.</param>
        public RetryPolicy(Func<double> random = null, Func<DateTimeOffset> utcNow = null, Action<TimeSpan, CancellationToken> sleep = null)
        {
            _random = random ?? SharedRandom.NextDouble;
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
            _sleep = sleep ?? SleepCancellably;
        }

        /// <summary>Status codes worth another attempt: throttling and a busy or unreachable service behind Graph.</summary>
        public static bool IsRetryable(HttpStatusCode status) =>
            (int)status == 429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;

        /// <summary>
        /// Whether to try again after attempt number <paramref name="attemptsMade"/> failed.
        /// </summary>
        /// <param name="status">The HTTP status, or null when no answer came (network fault, timeout).</param>
        /// <param name="retryAfter">The answer's Retry-After header, if any.</param>
        /// <param name="elapsed">Time spent on this request so far, without the Retry-After waits.</param>
        /// <param name="firstBackOff">The first back-off (GraphLimits.FirstBackOff); <see cref="FirstBackOff"/> when not given.</param>
        public RetryDecision Decide(int attemptsMade, HttpStatusCode? status, RetryConditionHeaderValue retryAfter, TimeSpan elapsed, TimeSpan? firstBackOff = null)
        {
            if (attemptsMade >= MaxAttempts)
            {
                return RetryDecision.GiveUp(string.Format(Strings.RetryGaveUpAttempts, attemptsMade));
            }

            TimeSpan? asked = status == null ? null : RetryAfterDelay(retryAfter);
            if (asked != null)
            {
                return asked.Value <= MaxRetryAfter
                    ? RetryDecision.Wait(asked.Value, fromRetryAfter: true)
                    : RetryDecision.GiveUp(string.Format(Strings.RetryAfterTooLong, Math.Ceiling(asked.Value.TotalSeconds), MaxRetryAfter.TotalSeconds));
            }

            TimeSpan delay = BackOff(attemptsMade, firstBackOff);
            if (elapsed + delay > TransientBudget)
            {
                return RetryDecision.GiveUp(string.Format(Strings.RetryGaveUpTime, attemptsMade, Math.Round(elapsed.TotalSeconds)));
            }

            return RetryDecision.Wait(delay, fromRetryAfter: false);
        }

        /// <summary>The back-off before retry number <paramref name="retry"/> (1 = the first): 2, 4, 8, 16 s, jittered.</summary>
        public TimeSpan BackOff(int retry, TimeSpan? firstBackOff = null)
        {
            double factor = 1 - Jitter + (2 * Jitter * _random());
            double seconds = (firstBackOff ?? FirstBackOff).TotalSeconds * Math.Pow(2, Math.Max(0, retry - 1)) * factor;
            return TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        }

        /// <summary>What Retry-After asks for, never negative; null when there is none.</summary>
        public TimeSpan? RetryAfterDelay(RetryConditionHeaderValue retryAfter)
        {
            if (retryAfter?.Delta != null)
            {
                return retryAfter.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : retryAfter.Delta.Value;
            }

            if (retryAfter?.Date != null)
            {
                TimeSpan until = retryAfter.Date.Value - _utcNow();
                return until < TimeSpan.Zero ? TimeSpan.Zero : until;
            }

            return null;
        }

        public void Sleep(TimeSpan delay, CancellationToken cancellationToken) => _sleep(delay, cancellationToken);

        private static void SleepCancellably(TimeSpan delay, CancellationToken cancellationToken)
        {
            // The wait handle is set the moment Ctrl+C cancels the token, so a long Retry-After ends at once.
            cancellationToken.WaitHandle.WaitOne(delay);
            cancellationToken.ThrowIfCancellationRequested();
        }

        private static class SharedRandom
        {
            private static readonly Random s_random = new Random();

            public static double NextDouble()
            {
                lock (s_random)
                {
                    return s_random.NextDouble();
                }
            }
        }
    }

    internal readonly struct RetryDecision
    {
        private RetryDecision(bool retry, TimeSpan delay, bool fromRetryAfter, string reason)
        {
            Retry = retry;
            Delay = delay;
            FromRetryAfter = fromRetryAfter;
            Reason = reason;
        }

        public bool Retry { get; }

        public TimeSpan Delay { get; }

        /// <summary>The delay is what the service asked for, not a back-off.</summary>
        public bool FromRetryAfter { get; }

        /// <summary>Why no further attempt is made.</summary>
        public string Reason { get; }

        public static RetryDecision Wait(TimeSpan delay, bool fromRetryAfter) => new RetryDecision(true, delay, fromRetryAfter, null);

        public static RetryDecision GiveUp(string reason) => new RetryDecision(false, TimeSpan.Zero, false, reason);
    }
}
