using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Evaluators;
using static H3deMl.Evaluators.Tests.Metrics.EvaluationCases;

namespace H3deMl.Evaluators.Tests.Metrics;

public sealed class LandmarkEvaluatorTests
{
    [Fact]
    public void Evaluate_AnisotropicSpacing_MeasuresMillimetresNotVoxels()
    {
        var geometry = new VolumeGeometry(new VolumeSize(64, 64, 32), new Vector3d(0.5, 1.0, 2.5), new Vector3d(-10, 20, 5), Matrix3d.Identity);
        LandmarkSet truth = LandmarkSet.FromIndices(["a"], [new Vector3d(10, 10, 10)], null, geometry);
        LandmarkSet predicted = LandmarkSet.FromIndices(["a"], [new Vector3d(12, 10, 11)], null, geometry);

        LandmarkMetrics m = LandmarkEvaluator.Evaluate([new LandmarkEvaluationCase("c", truth, new(predicted, [1.0]), geometry)]);

        // 2 voxels × 0.5 mm along i, 1 voxel × 2.5 mm along k: √(1² + 2.5²) mm, not √5 voxels.
        LandmarkError e = Assert.Single(m.Errors);
        Assert.Equal(Math.Sqrt(7.25), e.ErrorMm, 12);
        AssertVector(new Vector3d(1, 0, 2.5), e.ErrorVectorLps);
        AssertVector(new Vector3d(2, 0, 1), e.ErrorVoxels!.Value);
    }

    [Fact]
    public void Evaluate_ObliqueDirection_MeasuresInWorldSpace()
    {
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var direction = new Matrix3d(c, -s, 0, s, c, 0, 0, 0, 1);
        var geometry = new VolumeGeometry(new VolumeSize(40, 40, 40), new Vector3d(2, 1, 3), new Vector3d(100, -50, 7), direction);
        LandmarkSet truth = LandmarkSet.FromIndices(["a"], [new Vector3d(5, 5, 5)], null, geometry);
        LandmarkSet predicted = LandmarkSet.FromIndices(["a"], [new Vector3d(6, 6, 5)], null, geometry);

        LandmarkMetrics m = LandmarkEvaluator.Evaluate([new LandmarkEvaluationCase("c", truth, new(predicted, [1.0]), geometry)]);

        // One voxel along i (2 mm) and j (1 mm), rotated 30° about the S axis: length √5 mm, direction R·(2, 1, 0).
        LandmarkError e = Assert.Single(m.Errors);
        Assert.Equal(Math.Sqrt(5), e.ErrorMm, 12);
        AssertVector(new Vector3d((2 * c) - s, (2 * s) + c, 0), e.ErrorVectorLps);
        AssertVector(new Vector3d(1, 1, 0), e.ErrorVoxels!.Value);
    }

    [Fact]
    public void Evaluate_PerCaseMeanAndSampleSd_FollowThePaper()
    {
        LandmarkMetrics m = LandmarkEvaluator.Evaluate(ThreeErrors());

        // Case A: errors 1, 3 → mean 2, SD √2. Case B: error 4 (n2 has no predicted position) → mean 4, SD undefined.
        Assert.Equal(2, m.CaseCount);
        Assert.Equal(3, m.LandmarkCount);
        Assert.Equal(2.0, m.Cases[0].MreMm, 12);
        Assert.Equal(Math.Sqrt(2), m.Cases[0].SdMm, 12);
        Assert.Equal(4.0, m.Cases[1].MreMm, 12);
        Assert.True(double.IsNaN(m.Cases[1].SdMm));
        Assert.Equal(3.0, m.MreMm, 12);
        Assert.Equal(Math.Sqrt(2), m.MreSdMm, 12); // n − 1: ((2 − 3)² + (4 − 3)²) / 1
        Assert.Equal(8.0 / 3, m.InstanceMreMm, 12);
        Assert.Equal(Math.Sqrt(7.0 / 3), m.InstanceSdMm, 12); // (25/9 + 1/9 + 16/9) / 2
    }

    [Fact]
    public void Evaluate_PerLandmark_PoolsAcrossCases()
    {
        LandmarkMetrics m = LandmarkEvaluator.Evaluate(ThreeErrors());

        Assert.Equal(["n1", "n2"], m.Landmarks.Select(l => l.Landmark));
        PerLandmarkMetrics n1 = m.Landmarks[0];
        Assert.Equal(2, n1.Count);
        Assert.Equal(2.5, n1.MreMm, 12); // errors 1 and 4
        Assert.Equal(Math.Sqrt(4.5), n1.SdMm, 12);
        PerLandmarkMetrics n2 = m.Landmarks[1];
        Assert.Equal(1, n2.Count);
        Assert.Equal(3.0, n2.MreMm, 12);
        Assert.Equal(new PresenceMetrics(1, 0, 0, 1), n2.Presence);
    }

    [Fact]
    public void Evaluate_ErrorEqualToThreshold_IsAHit()
    {
        // Errors exactly 2 mm and 2.5 mm (a 1.5-2-2.5 triangle), and 4.000001 mm.
        LandmarkEvaluationCase c = Case(
            "c",
            [Present("a", 0, 0, 0), Present("b", 0, 0, 0), Present("d", 0, 0, 0)],
            [Present("a", 2, 0, 0), Present("b", 1.5, 2, 0), Present("d", 0, 0, 4.000001)]);

        LandmarkMetrics m = LandmarkEvaluator.Evaluate([c]);

        Assert.Equal(2.5, m.Errors[1].ErrorMm);
        Assert.Equal(1.0 / 3, m.Sdr[2.0], 12);
        Assert.Equal(2.0 / 3, m.Sdr[2.5], 12);
        Assert.Equal(2.0 / 3, m.Sdr[3.0], 12);
        Assert.Equal(2.0 / 3, m.Sdr[4.0], 12);
        Assert.Equal(2.0 / 3, m.Cases[0].Sdr[2.5], 12);
        Assert.Equal(1.0, m.Landmarks[0].Sdr[2.0]);
        Assert.Equal(0.0, m.Landmarks[2].Sdr[4.0]);
        Assert.Equal(1.0, m.SuccessRate(4.000001));
    }

    [Fact]
    public void Evaluate_MissingInTruth_IsNotMeasuredAndScoresPresence()
    {
        LandmarkEvaluationCase c = Case(
            "c",
            [Present("tp", 0, 0, 0), Missing("fp"), Missing("tn"), Present("fn", 0, 0, 0)],
            [Present("tp", 0, 0, 1), Present("fp", 9, 9, 9), Absent("tn", 9, 9, 9), Absent("fn", 0, 3, 0)]);

        LandmarkMetrics m = LandmarkEvaluator.Evaluate([c]);

        Assert.Equal(["tp", "fn"], m.Errors.Select(e => e.Landmark));
        Assert.Equal([1.0, 3.0], m.Errors.Select(e => e.ErrorMm));
        Assert.False(m.Errors[1].IsPredictedPresent);
        Assert.Equal(new PresenceMetrics(1, 1, 1, 1), m.Presence);
        Assert.Equal(0.5, m.Presence.Precision);
        Assert.Equal(0.5, m.Presence.Recall);
        Assert.Equal(0.5, m.Presence.F1);
        Assert.Equal(0.5, m.Presence.Specificity);
        Assert.Equal(new PresenceMetrics(0, 1, 0, 0), m.Landmarks[1].Presence);
        Assert.Equal(["tp", "fp", "tn", "fn"], m.PresenceDecisions.Select(d => d.Landmark));
        Assert.Equal([false, true, false, false], m.PresenceDecisions.Select(d => d.IsFalsePositive));
        Assert.Equal([false, false, false, true], m.PresenceDecisions.Select(d => d.IsFalseNegative));
        Assert.Equal([0.9, 0.9, 0.1, 0.1], m.PresenceDecisions.Select(d => d.PresenceProbability));
        Assert.Equal(m.PresenceDecisions, m.Cases[0].PresenceDecisions);
        Assert.Equal(0, m.Landmarks[1].Count);
        Assert.True(double.IsNaN(m.Landmarks[1].MreMm));
        Assert.True(double.IsNaN(m.Landmarks[1].Sdr[2.0]));
    }

    [Fact]
    public void Evaluate_MeasurePredictedAbsentFalse_LeavesFalseNegativesOutOfMre()
    {
        LandmarkEvaluationCase c = Case("c", [Present("tp", 0, 0, 0), Present("fn", 0, 0, 0)], [Present("tp", 0, 0, 1), Absent("fn", 0, 3, 0)]);

        LandmarkMetrics m = LandmarkEvaluator.Evaluate([c], new LandmarkEvaluationOptions { MeasurePredictedAbsent = false });

        Assert.Equal(1.0, Assert.Single(m.Errors).ErrorMm);
        Assert.Equal(new PresenceMetrics(1, 0, 0, 1), m.Presence);
    }

    [Fact]
    public void Evaluate_MatchesLandmarksByName()
    {
        LandmarkEvaluationCase c = Case("c", [Present("a", 0, 0, 0), Present("b", 10, 0, 0)], [Present("b", 10, 0, 2), Present("a", 0, 1, 0), Present("extra", 5, 5, 5)]);

        LandmarkMetrics m = LandmarkEvaluator.Evaluate([c]);

        Assert.Equal([("a", 1.0), ("b", 2.0)], m.Errors.Select(e => (e.Landmark, e.ErrorMm)));
        Assert.Equal(0.9, m.Errors[0].PresenceProbability);
    }

    [Fact]
    public void Evaluate_PredictionLacksALandmark_ThrowsNamingCaseAndLandmark()
    {
        LandmarkEvaluationCase c = Case("case7", [Present("a", 0, 0, 0), Present("b", 0, 0, 0)], [Present("a", 0, 0, 0)]);

        ArgumentException e = Assert.Throws<ArgumentException>(() => LandmarkEvaluator.Evaluate([c]));

        Assert.Contains("case7", e.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Evaluate_BadThreshold_Throws(double threshold)
    {
        var options = new LandmarkEvaluationOptions { SdrThresholdsMm = [2, threshold] };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LandmarkEvaluator.Evaluate(ThreeErrors(), options));

        Assert.Equal(nameof(LandmarkEvaluationOptions.SdrThresholdsMm), e.ParamName);
    }

    [Fact]
    public void Evaluate_CustomThresholds_AreSortedAndDeduplicated()
    {
        LandmarkMetrics m = LandmarkEvaluator.Evaluate(ThreeErrors(), new LandmarkEvaluationOptions { SdrThresholdsMm = [3, 1, 3] });

        Assert.Equal([1.0, 3.0], m.ThresholdsMm);
        Assert.Equal(1.0 / 3, m.Sdr[1.0], 12);
        Assert.Equal(2.0 / 3, m.Sdr[3.0], 12);
    }

    [Fact]
    public void Evaluate_NoCases_GivesNaNNotAnException()
    {
        LandmarkMetrics m = LandmarkEvaluator.Evaluate(Array.Empty<LandmarkEvaluationCase>());

        Assert.Equal(0, m.CaseCount);
        Assert.True(double.IsNaN(m.MreMm));
        Assert.True(double.IsNaN(m.Sdr[2.0]));
        Assert.Contains("n/a", m.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => LandmarkEvaluator.Evaluate(ThreeErrors(), null, cts.Token));
    }

    [Fact]
    public void Evaluate_TupleOverload_GivesTheSameResult()
    {
        LandmarkMetrics m = LandmarkEvaluator.Evaluate(ThreeErrors().Select(c => (c.CaseId, c.Truth, c.Prediction, c.Geometry)));

        Assert.Equal(3.0, m.MreMm, 12);
    }

    private static void AssertVector(Vector3d expected, Vector3d actual)
    {
        Assert.True((expected - actual).Length < 1e-9, $"Expected {expected}, got {actual}.");
    }
}
