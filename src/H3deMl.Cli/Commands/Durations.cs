using System.Globalization;
using System.Text.RegularExpressions;

namespace H3deMl.Cli.Commands;

/// <summary>Parses durations such as <c>90s</c>, <c>50m</c>, <c>2h</c>, <c>1h30m</c> (a bare number is minutes).</summary>
internal static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        string t = text.Trim().ToLowerInvariant();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            t += "m";
        }

        Match m = Pattern().Match(t);
        if (t.Length == 0 || !m.Success)
        {
            return false;
        }

        foreach (Capture c in m.Groups["part"].Captures)
        {
            char unit = c.Value[^1];
            double value = double.Parse(c.Value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture);
            duration += unit switch { 'h' => TimeSpan.FromHours(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromSeconds(value) };
        }

        return duration > TimeSpan.Zero && duration < TimeSpan.FromDays(365);
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[hms])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
