using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>Chooses the series to read among the geometry groups of the input (most slices first) from
/// <see cref="DicomSeriesReadOptions"/>, and says what was chosen and what was left, so a folder holding several series
/// never yields one of them silently.</summary>
internal static class DicomSeriesSelection
{
    /// <summary>The chosen group's index and how it was chosen ("largest (default)", "SeriesInstanceUid", "SeriesIndex").</summary>
    public static (int Index, string How) Choose(IReadOnlyList<DicomSeriesInfo> series, DicomSeriesReadOptions options, string source)
    {
        if (options.SeriesInstanceUid is not null && options.SeriesIndex is not null)
        {
            throw new ArgumentException("Set DicomSeriesReadOptions.SeriesInstanceUid or SeriesIndex, not both.", nameof(options));
        }

        if (options.SeriesIndex is { } index)
        {
            if (index >= series.Count)
            {
                throw DicomThrowHelper.Invalid(source, string.Create(CultureInfo.InvariantCulture, $"SeriesIndex {index} was asked for but the input holds {series.Count} series: {List(series)}"));
            }

            return (index, "SeriesIndex");
        }

        if (options.SeriesInstanceUid is { } wanted)
        {
            for (int i = 0; i < series.Count; i++)
            {
                if (string.Equals(series[i].SeriesInstanceUid, wanted, StringComparison.Ordinal))
                {
                    return (i, "SeriesInstanceUid");
                }
            }

            throw DicomThrowHelper.Invalid(source, string.Create(CultureInfo.InvariantCulture, $"no series with SeriesInstanceUID '{wanted}'; the input holds {series.Count} series: {List(series)}"));
        }

        return (0, "largest (default)");
    }

    /// <summary>The series other than <paramref name="chosen"/>, one per line as "[index] description".</summary>
    public static string Others(IReadOnlyList<DicomSeriesInfo> series, int chosen) =>
        string.Join("\n", Enumerable.Range(0, series.Count).Where(i => i != chosen).Select(i => Line(series, i)));

    private static string List(IReadOnlyList<DicomSeriesInfo> series) =>
        string.Join("; ", Enumerable.Range(0, series.Count).Select(i => Line(series, i)));

    private static string Line(IReadOnlyList<DicomSeriesInfo> series, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"[{i}] {series[i]}");
}
