using System.Globalization;

namespace H3deMl.Evaluators;

/// <summary>Number formatting shared by the text table, the CSV files and the HTML report (invariant culture).</summary>
internal static class MetricFormat
{
    public static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>A threshold as written in labels ("2", "2.5").</summary>
    public static string Threshold(double mm) => mm.ToString("0.###", Culture);

    /// <summary>Millimetres with two decimals, or "n/a".</summary>
    public static string Mm(double mm) => double.IsFinite(mm) ? mm.ToString("F2", Culture) : "n/a";

    /// <summary>A fraction as a percentage with one decimal, or "n/a".</summary>
    public static string Percent(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("F1", Culture) + " %" : "n/a";

    /// <summary>A ratio with three decimals, or "n/a".</summary>
    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("F3", Culture) : "n/a";

    /// <summary>A number for CSV: shortest round-trip form, empty for NaN.</summary>
    public static string Csv(double value) => double.IsFinite(value) ? value.ToString("R", Culture) : string.Empty;

    /// <summary>A CSV text field, quoted when it holds a comma, quote or line break.</summary>
    public static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
