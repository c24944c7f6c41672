using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.TestKit.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>A row read back from a transformed view: its columns by name, with the scan ones typed.</summary>
internal sealed class OutputRow(IReadOnlyDictionary<string, object?> values, IReadOnlyList<string>? landmarkNames)
{
    public string Id => (string)values[ScanColumnNames.Id]!;

    public Volume Volume => (Volume)values[ScanColumnNames.Volume]!;

    public LandmarkSet? Landmarks => values.TryGetValue(ScanColumnNames.Landmarks, out object? v) && v is float[] f ? ToSet(f, landmarkNames!) : null;

    public T Get<T>(string column) => (T)values[column]!;

    public bool Has(string column) => values.ContainsKey(column);

    /// <summary>Reads every row of <paramref name="view"/> (in the order a cursor given <paramref name="rand"/> visits them).</summary>
    public static List<OutputRow> ReadAll(IDataView view, Random? rand = null)
    {
        DataViewSchema.Column[] columns = ColumnValues.Visible(view.Schema);
        IReadOnlyList<string>? names = view.Schema.GetColumnOrNull(ScanColumnNames.Landmarks) is { } l ? LandmarkNames(l) : null;
        return [.. ColumnValues.ReadAll(view, rand).Select(r => new OutputRow(columns.Select((c, n) => (c.Name, r[n])).ToDictionary(p => p.Name, p => p.Item2), names))];
    }

    private static string[] LandmarkNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> slots = default;
        column.Annotations.GetValue("SlotNames", ref slots);
        return [.. slots.DenseValues().Where((_, n) => n % 3 == 0).Select(s => s.ToString()[..^2])];
    }

    private static LandmarkSet ToSet(float[] v, IReadOnlyList<string> names) =>
        new(names.Select((name, n) =>
        {
            var p = new Vector3d(v[3 * n], v[(3 * n) + 1], v[(3 * n) + 2]);
            return new Landmark(name, p.IsFinite ? p : default, p.IsFinite);
        }));
}
