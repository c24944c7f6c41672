using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Evaluators.Tests.Data;

/// <summary>Builds the scored data views the evaluator reads, with <c>ml.Data.LoadFromEnumerable</c>: <c>Id</c>,
/// <c>Landmarks</c> and <c>PredictedLandmarks</c> (3 Single per landmark, slot names "Name.L/.P/.S"),
/// <c>PresenceProbabilities</c>, <c>PresenceDecisions</c> and, when a case has a scan, <c>Volume</c>.</summary>
internal static class EvaluationData
{
    public static readonly VolumeGeometry UnitGrid = VolumeGeometry.AxisAligned(new VolumeSize(50, 50, 50));

    public static MLContext Ml() => new(seed: 1);

    public static TestLandmark Present(string name, double x, double y, double z) => new(name, x, y, z, true);

    public static TestLandmark Missing(string name) => new(name, double.NaN, double.NaN, double.NaN, false);

    public static TestLandmark Absent(string name, double x, double y, double z) => new(name, x, y, z, false);

    public static TestCase Case(string id, TestLandmark[] truth, TestLandmark[] predicted, Volume? volume = null) => new(id, truth, predicted, volume);

    public static Volume Grid(VolumeGeometry geometry) => new(new float[geometry.Size.VoxelCount], geometry, VolumeElementType.Float32);

    /// <summary>Case A: errors 1 and 3 mm; case B: error 4 mm and no predicted position for n2 (axis-aligned 1 mm grid).</summary>
    public static TestCase[] ThreeErrors()
    {
        Volume grid = Grid(UnitGrid);
        return
        [
            Case("A", [Present("n1", 0, 0, 0), Present("n2", 10, 10, 10)], [Present("n1", 1, 0, 0), Present("n2", 10, 13, 10)], grid),
            Case("B", [Present("n1", 5, 5, 5), Present("n2", 0, 0, 0)], [Present("n1", 5, 5, 9), Absent("n2", double.NaN, double.NaN, double.NaN)], grid),
        ];
    }

    /// <summary>Evaluates cases with <c>ml.Landmarks.Evaluate</c>.</summary>
    public static LandmarkDetectionMetrics Evaluate(TestCase[] cases, LandmarkEvaluationOptions? options = null) =>
        Ml().Landmarks.Evaluate(View(cases), options ?? new LandmarkEvaluationOptions());

    /// <summary>The data view of cases; the landmark names of each column are the first case's.</summary>
    public static IDataView View(TestCase[] cases, DataColumns columns = DataColumns.All) =>
        View(cases[0].Truth.Select(l => l.Name).ToArray(), cases[0].Predicted.Select(l => l.Name).ToArray(), cases, columns);

    /// <summary>The data view of cases with the given landmark names (each case lists them in this order).</summary>
    public static IDataView View(string[] labelNames, string[] scoreNames, TestCase[] cases, DataColumns columns = DataColumns.All)
    {
        ScoredRow[] rows = [.. cases.Select(c => new ScoredRow
        {
            Id = c.Id,
            Landmarks = Positions(c.Truth, truth: true),
            PredictedLandmarks = Positions(c.Predicted, truth: false),
            PresenceProbabilities = [.. c.Predicted.Select(l => l.Probability)],
            PresenceDecisions = [.. c.Predicted.Select(l => l.IsPresent)],
            Volume = c.Volume,
        })];
        SchemaDefinition schema = SchemaDefinition.Create(typeof(ScoredRow));
        SetLandmarks(schema[nameof(ScoredRow.Landmarks)], labelNames);
        SetLandmarks(schema[nameof(ScoredRow.PredictedLandmarks)], scoreNames);
        schema[nameof(ScoredRow.PresenceProbabilities)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, scoreNames.Length);
        schema[nameof(ScoredRow.PresenceDecisions)].ColumnType = new VectorDataViewType(BooleanDataViewType.Instance, scoreNames.Length);
        Remove(schema, nameof(ScoredRow.Volume), !cases.Any(c => c.Volume is not null));
        Remove(schema, nameof(ScoredRow.PresenceProbabilities), !columns.HasFlag(DataColumns.Probabilities));
        Remove(schema, nameof(ScoredRow.PresenceDecisions), !columns.HasFlag(DataColumns.Decisions));
        Remove(schema, nameof(ScoredRow.Id), !columns.HasFlag(DataColumns.Id));
        return Ml().Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>Slot names "Name.L", "Name.P", "Name.S" for a landmark vector.</summary>
    public static void SetLandmarks(SchemaDefinition.Column column, string[] names)
    {
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3 * names.Length);
        ReadOnlyMemory<char>[] slots = [.. names.SelectMany(n => new[] { n + ".L", n + ".P", n + ".S" }).Select(s => s.AsMemory())];
        column.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(slots.Length, slots), new VectorDataViewType(TextDataViewType.Instance, slots.Length));
    }

    private static void Remove(SchemaDefinition schema, string name, bool remove)
    {
        if (remove)
        {
            schema.Remove(schema[name]);
        }
    }

    private static float[] Positions(TestLandmark[] landmarks, bool truth) =>
        [.. landmarks.SelectMany(l => truth && !l.IsPresent ? new[] { double.NaN, double.NaN, double.NaN } : new[] { l.X, l.Y, l.Z }).Select(v => (float)v)];
}

/// <summary>The optional columns of <see cref="EvaluationData.View(TestCase[], DataColumns)"/>.</summary>
[Flags]
internal enum DataColumns
{
    None = 0,
    Probabilities = 1,
    Decisions = 2,
    Id = 4,
    All = Probabilities | Decisions | Id,
}
