using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Cli.Commands;

/// <summary>Landmarks as the data views hold them: 3 floats per landmark (L, P, S mm, NaN where missing), slot names "Name.L", "Name.P", "Name.S".</summary>
internal static class LandmarkColumns
{
    /// <summary>The landmark names of a data view's <c>Landmarks</c> column (empty when it has none).</summary>
    public static IReadOnlyList<string> Names(IDataView data)
    {
        if (data.Schema.GetColumnOrNull(ScanColumnNames.Landmarks) is not { } column || !column.HasSlotNames())
        {
            return [];
        }

        VBuffer<ReadOnlyMemory<char>> slots = default;
        column.GetSlotNames(ref slots);
        string[] names = [.. slots.DenseValues().Select(s => s.ToString())];
        return [.. Enumerable.Range(0, names.Length / 3).Select(i => names[3 * i].EndsWith(".L", StringComparison.Ordinal) ? names[3 * i][..^2] : names[3 * i])];
    }

    /// <summary>Landmarks from one row's vector; a landmark with a NaN coordinate is missing.</summary>
    public static LandmarkSet ToSet(float[] values, IReadOnlyList<string> names) =>
        new([.. names.Select((name, i) =>
        {
            var p = new Vector3d(values[3 * i], values[(3 * i) + 1], values[(3 * i) + 2]);
            return new Landmark(name, p.IsFinite ? p : default, p.IsFinite);
        })]);

    /// <summary>A prediction as landmarks: positions kept, those predicted absent marked missing.</summary>
    public static LandmarkSet ToSet(IReadOnlyList<PredictedLandmark> points) =>
        new([.. points.Select(p => new Landmark(p.Name, new Vector3d(p.L, p.P, p.S), p.IsPresent))]);
}
