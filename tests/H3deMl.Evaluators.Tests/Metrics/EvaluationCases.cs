using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Evaluators;

namespace H3deMl.Evaluators.Tests.Metrics;

/// <summary>Builders of hand-computed evaluation cases.</summary>
internal static class EvaluationCases
{
    public static readonly VolumeGeometry UnitGrid = VolumeGeometry.AxisAligned(new VolumeSize(50, 50, 50));

    public static Landmark Present(string name, double x, double y, double z) => new(name, new Vector3d(x, y, z), true);

    public static Landmark Missing(string name) => new(name, new Vector3d(double.NaN, double.NaN, double.NaN), false);

    public static Landmark Absent(string name, double x, double y, double z) => new(name, new Vector3d(x, y, z), false);

    public static LandmarkPrediction Prediction(params Landmark[] landmarks) =>
        new(new LandmarkSet(landmarks), [.. landmarks.Select(l => l.IsPresent ? 0.9 : 0.1)]);

    public static LandmarkEvaluationCase Case(string id, Landmark[] truth, Landmark[] predicted, VolumeGeometry? geometry = null) =>
        new(id, new LandmarkSet(truth), Prediction(predicted), geometry);

    /// <summary>Case A: errors 1 and 3 mm; case B: error 4 mm (axis-aligned 1 mm grid).</summary>
    public static LandmarkEvaluationCase[] ThreeErrors() =>
    [
        Case("A", [Present("n1", 0, 0, 0), Present("n2", 10, 10, 10)], [Present("n1", 1, 0, 0), Present("n2", 10, 13, 10)], UnitGrid),
        Case("B", [Present("n1", 5, 5, 5), Present("n2", 0, 0, 0)], [Present("n1", 5, 5, 9), Absent("n2", double.NaN, double.NaN, double.NaN)], UnitGrid),
    ];
}
