using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace O365ServiceComms.Emulator;

/// <summary>
/// The one $filter form incremental reads send: comparisons of lastModifiedDateTime with a DateTimeOffset literal,
/// joined by <c>and</c>, e.g. <c>lastModifiedDateTime ge 2021-11-16T08:12:37Z</c>. Anything else is refused with 400,
/// so no test passes on unfiltered data. Called from <see cref="OData.Filter{T}"/>.
/// </summary>
internal static partial class TimeFilter
{
    // Property names are matched case-insensitively, like the live service; literals are unquoted (OData v4).
    [GeneratedRegex(@"^\s*lastModifiedDateTime\s+(?<op>ge|gt|le|lt|eq)\s+(?<value>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex And();

    /// <summary>True when <paramref name="filter"/> is of the supported form; then <paramref name="predicate"/> tests a time.</summary>
    public static bool TryParse(string filter, out Func<DateTime, bool> predicate)
    {
        var tests = new List<Func<DateTime, bool>>();
        foreach (var part in And().Split(filter))
        {
            var match = Comparison().Match(part);
            if (!match.Success ||
                !DateTimeOffset.TryParse(match.Groups["value"].Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                predicate = _ => false;
                return false;
            }

            var bound = value.UtcDateTime;
            tests.Add(match.Groups["op"].Value.ToLowerInvariant() switch
            {
                "ge" => time => time >= bound,
                "gt" => time => time > bound,
                "le" => time => time <= bound,
                "lt" => time => time < bound,
                _ => time => time == bound,
            });
        }

        predicate = time => tests.All(test => test(time));
        return true;
    }

    /// <summary>The items whose lastModifiedDateTime passes the filter; 400 for any other filter or item type.</summary>
    public static IEnumerable<T> Apply<T>(IEnumerable<T> items, string filter)
    {
        var property = typeof(T).GetProperty("LastModifiedDateTime", BindingFlags.Public | BindingFlags.Instance);
        if (property?.PropertyType != typeof(DateTime) || !TryParse(filter, out var predicate))
        {
            throw new ODataException(400, "BadRequest",
                $"The emulator supports only 'lastModifiedDateTime ge|gt|le|lt|eq <DateTimeOffset>' (joined by 'and') as $filter, not '{filter}'.");
        }

        return items.Where(item => predicate(ToUtc((DateTime)property.GetValue(item)!)));
    }

    private static DateTime ToUtc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
}
