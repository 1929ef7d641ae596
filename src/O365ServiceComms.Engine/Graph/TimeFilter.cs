using System;
using System.Globalization;

namespace O365ServiceComms.Graph
{
    /// <summary>
    /// The filter of the incremental reads (-StatePath, the health report's lookback): items changed at or after a point
    /// in time. The filters of Get-O365ServiceMessage's parameters are built by ODataFilterBuilder.
    /// </summary>
    internal static class TimeFilter
    {
        /// <summary>A $filter expression such as <c>lastModifiedDateTime ge 2021-11-16T08:12:37Z</c>, to whole seconds, rounded down.</summary>
        public static string LastModifiedSince(DateTime time)
        {
            // A time of kind Unspecified is local, as Get-Date and [datetime]'...' give it: ToUniversalTime takes it so.
            DateTime utc = time.ToUniversalTime();
            utc = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            return "lastModifiedDateTime ge " + utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
        }

        /// <summary>A collection path with the filter as its query, escaped for the URL.</summary>
        public static string Apply(string collection, string filter) =>
            filter == null ? collection : collection + "?$filter=" + Uri.EscapeDataString(filter);
    }
}
