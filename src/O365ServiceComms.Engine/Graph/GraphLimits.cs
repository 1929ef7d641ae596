using System;
using System.Globalization;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// How long and how big one answer may be, and how many pages one list may have, so that a hostile or broken answer
    /// (a page that drips, links to itself, or inflates to gigabytes) ends with an error instead of hanging the process or
    /// filling its memory or the disk. The defaults are far above what Graph sends; each can be changed for a session
    /// with an environment variable (README.md, "Reliability"; about_O365ServiceComms), read when a command starts.
    /// </summary>
    internal sealed class GraphLimits
    {
        public const string IdleTimeoutVariable = "O365SERVICECOMMS_IDLE_TIMEOUT_SECONDS";
        public const string ResponseDeadlineVariable = "O365SERVICECOMMS_RESPONSE_DEADLINE_SECONDS";
        public const string MaxPageSizeVariable = "O365SERVICECOMMS_MAX_PAGE_MB";
        public const string MaxDownloadSizeVariable = "O365SERVICECOMMS_MAX_DOWNLOAD_MB";
        public const string MaxPagesVariable = "O365SERVICECOMMS_MAX_PAGES";
        public const string FirstBackOffVariable = "O365SERVICECOMMS_FIRST_BACKOFF_SECONDS";

        private const long Megabyte = 1024 * 1024;

        /// <summary>The defaults: no byte for 30 s, 120 s for one whole answer, 64 MB decoded per page, 256 MB per file, 1000 pages.</summary>
        public static GraphLimits Default { get; } = new GraphLimits(
            idleTimeout: TimeSpan.FromSeconds(30),
            responseDeadline: TimeSpan.FromSeconds(120),
            maxPageBytes: 64 * Megabyte,
            maxDownloadBytes: 256 * Megabyte,
            maxPagesPerList: 1000);

        public GraphLimits(
            TimeSpan idleTimeout, TimeSpan responseDeadline, long maxPageBytes, long maxDownloadBytes, int maxPagesPerList, TimeSpan? firstBackOff = null)
        {
            FirstBackOff = firstBackOff ?? RetryPolicy.FirstBackOff;
            IdleTimeout = idleTimeout;
            ResponseDeadline = responseDeadline;
            MaxPageBytes = maxPageBytes;
            MaxDownloadBytes = maxDownloadBytes;
            MaxPagesPerList = maxPagesPerList;
        }

        /// <summary>How long to wait for an answer's headers, and for each further piece of its body.</summary>
        public TimeSpan IdleTimeout { get; }

        /// <summary>How long the whole body of one answer (a page, an item, a file) may take, however steadily it arrives.</summary>
        public TimeSpan ResponseDeadline { get; }

        /// <summary>The most bytes one JSON answer may have once decoded (after gzip).</summary>
        public long MaxPageBytes { get; }

        /// <summary>The most bytes one downloaded file (an incident report, an attachments archive) may have.</summary>
        public long MaxDownloadBytes { get; }

        /// <summary>The most pages one list may have (1000 pages of up to 1000 items: far above any tenant).</summary>
        public int MaxPagesPerList { get; }

        /// <summary>The first back-off of a transient failure (2 s); each further one doubles it (RetryPolicy).</summary>
        public TimeSpan FirstBackOff { get; }

        public GraphLimits WithIdleTimeout(TimeSpan idleTimeout) =>
            new GraphLimits(idleTimeout, ResponseDeadline, MaxPageBytes, MaxDownloadBytes, MaxPagesPerList, FirstBackOff);

        /// <summary>
        /// The defaults, with each limit whose environment variable is set taken from it.
        /// A value that is not a positive number is an ArgumentException naming the variable.
        /// </summary>
        public static GraphLimits FromEnvironment(Func<string, string> getVariable = null)
        {
            getVariable = getVariable ?? Environment.GetEnvironmentVariable;
            GraphLimits defaults = Default;
            return new GraphLimits(
                TimeSpan.FromSeconds(Read(getVariable, IdleTimeoutVariable, defaults.IdleTimeout.TotalSeconds, 24 * 3600)),
                TimeSpan.FromSeconds(Read(getVariable, ResponseDeadlineVariable, defaults.ResponseDeadline.TotalSeconds, 24 * 3600)),
                (long)(Read(getVariable, MaxPageSizeVariable, defaults.MaxPageBytes / (double)Megabyte, 4096) * Megabyte),
                (long)(Read(getVariable, MaxDownloadSizeVariable, defaults.MaxDownloadBytes / (double)Megabyte, 1024 * 1024) * Megabyte),
                (int)Read(getVariable, MaxPagesVariable, defaults.MaxPagesPerList, int.MaxValue, wholeNumber: true),
                TimeSpan.FromSeconds(Read(getVariable, FirstBackOffVariable, defaults.FirstBackOff.TotalSeconds, 60)));
        }

        private static double Read(Func<string, string> getVariable, string name, double fallback, double maximum, bool wholeNumber = false)
        {
            string text = getVariable(name);
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            NumberStyles style = wholeNumber ? NumberStyles.Integer : NumberStyles.Float;
            if (!double.TryParse(text.Trim(), style, CultureInfo.InvariantCulture, out double value)
                || double.IsNaN(value) || value <= 0 || value > maximum)
            {
                throw new ArgumentException(string.Format(
                    CultureInfo.InvariantCulture, Strings.LimitVariableInvalid, name, text.Length > 40 ? text.Substring(0, 40) + "..." : text,
                    maximum.ToString(CultureInfo.InvariantCulture), fallback.ToString(CultureInfo.InvariantCulture)));
            }

            return value;
        }
    }
}
