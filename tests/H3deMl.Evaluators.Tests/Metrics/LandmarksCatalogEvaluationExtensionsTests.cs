using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Evaluators;
using static H3deMl.Evaluators.Tests.Metrics.EvaluationCases;

namespace H3deMl.Evaluators.Tests.Metrics;

public sealed class LandmarksCatalogEvaluationExtensionsTests
{
    [Fact]
    public void Evaluate_View_UsesRowTruthPredictionAndOriginalGeometry()
    {
        var ml = new H3deContext(seed: 1);
        var geometry = new VolumeGeometry(new VolumeSize(8, 8, 8), new Vector3d(0.5, 0.5, 2), Vector3d.Zero, Matrix3d.Identity);
        var volume = new Volume(new float[512], geometry, VolumeElementType.Float32);
        var truth = new LandmarkSet([Present("a", 1, 1, 1), Present("b", 2, 2, 2)]);
        ScanRow[] rows =
        [
            new() { Id = "r0", Volume = volume, Landmarks = truth, Prediction = Prediction(Present("a", 1, 1, 3), Present("b", 2, 2, 2)) },
            new() { Id = "r1", Volume = volume, Landmarks = truth, Prediction = Prediction(Present("a", 1, 1, 1), Present("b", 2, 2, 6)) },
        ];

        LandmarkMetrics m = ml.Landmarks.Evaluate(ml.Data.LoadFromRows(rows));

        Assert.Equal(["r0", "r1"], m.Cases.Select(c => c.CaseId));
        Assert.Equal(1.5, m.MreMm, 12); // case means 1 (errors 2, 0) and 2 (errors 0, 4)
        Assert.Equal(Math.Sqrt(0.5), m.MreSdMm, 12);
        Assert.Equal(new Vector3d(0, 0, 1), m.Errors[0].ErrorVoxels); // 2 mm along k at 2 mm spacing
    }

    [Fact]
    public void Evaluate_RowWithoutPrediction_ThrowsNamingTheCase()
    {
        var ml = new H3deContext(seed: 1);
        var volume = new Volume(new float[8], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2)), VolumeElementType.Float32);
        ScanView rows = new([new ScanRow { Id = "lonely", Volume = volume, Landmarks = new LandmarkSet([Present("a", 0, 0, 0)]) }]);

        var e = Assert.Throws<InvalidOperationException>(() => ml.Landmarks.Evaluate(ml.Data.LoadFromRows(rows.Rows)));

        Assert.Contains("'lonely'", e.Message, StringComparison.Ordinal);
        Assert.Contains("model.Transform", e.Message, StringComparison.Ordinal);
    }

    private sealed record ScanView(ScanRow[] Rows);
}
