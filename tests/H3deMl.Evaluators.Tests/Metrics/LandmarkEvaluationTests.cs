using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Evaluators.Tests.Data;
using Microsoft.ML;
using static H3deMl.Evaluators.Tests.Data.EvaluationData;

namespace H3deMl.Evaluators.Tests.Metrics;

/// <summary>Metric values of <c>ml.Landmarks.Evaluate</c> on hand-computed cases.</summary>
public sealed class LandmarkEvaluationTests
{
    [Fact]
    public void Evaluate_AnisotropicSpacing_MeasuresMillimetresNotVoxels()
    {
        var geometry = new VolumeGeometry(new VolumeSize(64, 64, 32), new Vector3d(0.5, 1.0, 2.5), new Vector3d(-10, 20, 5), Matrix3d.Identity);
        TestCase c = FromIndices(geometry, new Vector3d(10, 10, 10), new Vector3d(12, 10, 11));

        LandmarkDetectionMetrics m = Evaluate([c]);

        // 2 voxels × 0.5 mm along i, 1 voxel × 2.5 mm along k: √(1² + 2.5²) mm, not √5 voxels.
        LandmarkError e = Assert.Single(m.Errors);
        Assert.Equal(Math.Sqrt(7.25), e.ErrorMm, 12);
        AssertVector(new Vector3d(1, 0, 2.5), e.ErrorVectorLps, 1e-12);
        AssertVector(new Vector3d(2, 0, 1), e.ErrorVoxels!.Value, 1e-12);
    }

    [Fact]
    public void Evaluate_ObliqueDirection_MeasuresInWorldSpace()
    {
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var direction = new Matrix3d(c, -s, 0, s, c, 0, 0, 0, 1);
        var geometry = new VolumeGeometry(new VolumeSize(40, 40, 40), new Vector3d(2, 1, 3), new Vector3d(100, -50, 7), direction);
        TestCase testCase = FromIndices(geometry, new Vector3d(5, 5, 5), new Vector3d(6, 6, 5));

        LandmarkDetectionMetrics m = Evaluate([testCase]);

        // One voxel along i (2 mm) and j (1 mm), rotated 30° about the S axis: length √5 mm, direction R·(2, 1, 0).
        // The columns hold Single, so positions near 100 mm carry ~1e-5 mm of rounding.
        LandmarkError e = Assert.Single(m.Errors);
        Assert.Equal(Math.Sqrt(5), e.ErrorMm, 4);
        AssertVector(new Vector3d((2 * c) - s, (2 * s) + c, 0), e.ErrorVectorLps, 1e-4);
        AssertVector(new Vector3d(1, 1, 0), e.ErrorVoxels!.Value, 1e-4);
    }

    [Fact]
    public void Evaluate_WithoutVolumeColumn_HasNoVoxelErrors()
    {
        LandmarkDetectionMetrics m = Evaluate([Case("c", [Present("a", 0, 0, 0)], [Present("a", 0, 0, 2)])]);

        Assert.Null(Assert.Single(m.Errors).ErrorVoxels);
        Assert.Equal(2.0, m.MreMm);
    }

    [Fact]
    public void Evaluate_PerCaseMeanAndSampleSd_FollowThePaper()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

        // Case A: errors 1, 3 → mean 2, SD √2. Case B: error 4 (n2 has no predicted position) → mean 4, SD undefined.
        Assert.Equal(["A", "B"], m.Cases.Select(c => c.CaseId));
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
        Assert.Equal(new Vector3d(0, 3, 0), m.Errors[1].ErrorVoxels); // the Volume column's 1 mm grid
    }

    [Fact]
    public void Evaluate_PerLandmark_PoolsAcrossCases()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

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
        // Errors exactly 2 mm and 2.5 mm (a 1.5-2-2.5 triangle), and 4.000001 mm (4.00000095 in Single).
        TestCase c = Case(
            "c",
            [Present("a", 0, 0, 0), Present("b", 0, 0, 0), Present("d", 0, 0, 0)],
            [Present("a", 2, 0, 0), Present("b", 1.5, 2, 0), Present("d", 0, 0, 4.000001)]);

        LandmarkDetectionMetrics m = Evaluate([c]);

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
    public void Evaluate_NaNGroundTruth_IsMissing_NotMeasured_AndScoresPresence()
    {
        TestCase c = Case(
            "c",
            [Present("tp", 0, 0, 0), Missing("fp"), Missing("tn"), Present("fn", 0, 0, 0)],
            [Present("tp", 0, 0, 1), Present("fp", 9, 9, 9), Absent("tn", 9, 9, 9), Absent("fn", 0, 3, 0)]);

        LandmarkDetectionMetrics m = Evaluate([c]);

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
        Assert.Equal([true, false, false, true], m.PresenceDecisions.Select(d => d.IsPresentInTruth));
        Assert.Equal([false, true, false, false], m.PresenceDecisions.Select(d => d.IsFalsePositive));
        Assert.Equal([false, false, false, true], m.PresenceDecisions.Select(d => d.IsFalseNegative));
        Assert.Equal([0.75, 0.75, 0.25, 0.25], m.PresenceDecisions.Select(d => d.PresenceProbability));
        Assert.Equal(m.PresenceDecisions, m.Cases[0].PresenceDecisions);
        Assert.Equal(0, m.Landmarks[1].Count);
        Assert.True(double.IsNaN(m.Landmarks[1].MreMm));
        Assert.True(double.IsNaN(m.Landmarks[1].Sdr[2.0]));
    }

    [Fact]
    public void Evaluate_AbsentPrediction_IsAFalseNegativeAndNotMeasured()
    {
        // n2 of case B has no predicted position (NaN) and is declared absent.
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

        PresenceDecision d = m.Cases[1].PresenceDecisions[1];
        Assert.True(d.IsFalseNegative);
        Assert.False(d.PredictedLps.IsFinite);
        Assert.Equal(["n1"], m.Cases[1].Errors.Select(e => e.Landmark));
        Assert.Equal(new PresenceMetrics(3, 0, 0, 1), m.Presence);
    }

    [Fact]
    public void Evaluate_MeasurePredictedAbsentFalse_LeavesFalseNegativesOutOfMre()
    {
        TestCase c = Case("c", [Present("tp", 0, 0, 0), Present("fn", 0, 0, 0)], [Present("tp", 0, 0, 1), Absent("fn", 0, 3, 0)]);

        LandmarkDetectionMetrics m = Evaluate([c], new LandmarkEvaluationOptions { MeasurePredictedAbsent = false });

        Assert.Equal(1.0, Assert.Single(m.Errors).ErrorMm);
        Assert.Equal(new PresenceMetrics(1, 0, 0, 1), m.Presence);
    }

    [Fact]
    public void Evaluate_PresenceThreshold_ReplacesTheDecisions()
    {
        // Probabilities 0.75 (predicted present) and 0.25 (predicted absent); a threshold of 0.2 makes both present.
        TestCase c = Case("c", [Present("a", 0, 0, 0), Missing("b")], [Present("a", 0, 0, 1), Absent("b", 1, 1, 1)]);

        LandmarkDetectionMetrics byDecision = Evaluate([c]);
        LandmarkDetectionMetrics byThreshold = Evaluate([c], new LandmarkEvaluationOptions { PresenceThreshold = 0.2 });
        LandmarkDetectionMetrics strict = Evaluate([c], new LandmarkEvaluationOptions { PresenceThreshold = 0.8 });

        Assert.Equal(new PresenceMetrics(1, 0, 1, 0), byDecision.Presence);
        Assert.Equal(new PresenceMetrics(1, 1, 0, 0), byThreshold.Presence);
        Assert.Equal(new PresenceMetrics(0, 0, 1, 1), strict.Presence);
    }

    [Fact]
    public void Evaluate_WithoutPresenceColumns_APositionMeansPresent()
    {
        TestCase c = Case("c", [Present("a", 0, 0, 0), Missing("b"), Present("d", 0, 0, 0)], [Present("a", 0, 0, 1), Absent("b", 1, 1, 1), Absent("d", double.NaN, 0, 0)]);
        IDataView view = View([c], DataColumns.Id);

        LandmarkDetectionMetrics m = Ml().Landmarks.Evaluate(view);

        Assert.Equal(new PresenceMetrics(1, 1, 0, 1), m.Presence);
        Assert.All(m.PresenceDecisions, d => Assert.True(double.IsNaN(d.PresenceProbability)));
    }

    [Fact]
    public void Evaluate_PresenceThresholdWithoutProbabilities_IsRefused()
    {
        IDataView view = View(ThreeErrors(), DataColumns.Id | DataColumns.Decisions);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ml().Landmarks.Evaluate(view, new LandmarkEvaluationOptions { PresenceThreshold = 0.5 }));

        Assert.Contains("'PresenceProbabilities'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoIdColumn_NamesCasesByRow()
    {
        LandmarkDetectionMetrics m = Ml().Landmarks.Evaluate(View(ThreeErrors(), DataColumns.Probabilities | DataColumns.Decisions));

        Assert.Equal(["row 0", "row 1"], m.Cases.Select(c => c.CaseId));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Evaluate_BadThreshold_Throws(double threshold)
    {
        var options = new LandmarkEvaluationOptions { SdrThresholdsMm = [2, threshold] };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Evaluate(ThreeErrors(), options));

        Assert.Equal(nameof(LandmarkEvaluationOptions.SdrThresholdsMm), e.ParamName);
    }

    [Fact]
    public void Evaluate_BadPresenceThreshold_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Evaluate(ThreeErrors(), new LandmarkEvaluationOptions { PresenceThreshold = 1.5 }));

        Assert.Equal(nameof(LandmarkEvaluationOptions.PresenceThreshold), e.ParamName);
    }

    [Fact]
    public void Evaluate_CustomThresholds_AreSortedAndDeduplicated()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors(), new LandmarkEvaluationOptions { SdrThresholdsMm = [3, 1, 3] });

        Assert.Equal([1.0, 3.0], m.ThresholdsMm);
        Assert.Equal(1.0 / 3, m.Sdr[1.0], 12);
        Assert.Equal(2.0 / 3, m.Sdr[3.0], 12);
    }

    [Fact]
    public void Evaluate_NoRows_GivesNaNNotAnException()
    {
        LandmarkDetectionMetrics m = Ml().Landmarks.Evaluate(View(["a"], ["a"], []));

        Assert.Equal(0, m.CaseCount);
        Assert.Equal(["a"], m.Landmarks.Select(l => l.Landmark));
        Assert.True(double.IsNaN(m.MreMm));
        Assert.True(double.IsNaN(m.Sdr[2.0]));
        Assert.Contains("n/a", m.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => Ml().Landmarks.Evaluate(View(ThreeErrors()), cancellationToken: cts.Token));
    }

    [Fact]
    public void Evaluate_CancelledWhileReading_Throws()
    {
        using var cts = new CancellationTokenSource();
        MLContext ml = Ml();
        TestCase[] cases = [.. Enumerable.Range(0, 5).Select(n => Case($"c{n}", [Present("a", 0, 0, 0)], [Present("a", 0, 0, n)]))];
        int rowsRead = 0;
        IDataView view = ml.Transforms.CustomMapping<IdRow, IdRow>(
            (input, output) =>
            {
                output.Id = input.Id;
                if (Interlocked.Increment(ref rowsRead) == 2)
                {
                    cts.Cancel();
                }
            },
            contractName: null).Fit(View(cases)).Transform(View(cases));

        // ML.NET may compute mapped rows ahead on other threads, so how many rows were read before the check is not fixed.
        Assert.Throws<OperationCanceledException>(() => ml.Landmarks.Evaluate(view, cancellationToken: cts.Token));
        Assert.True(rowsRead >= 2);
    }

    private static TestCase FromIndices(VolumeGeometry geometry, Vector3d truthIjk, Vector3d predictedIjk)
    {
        Vector3d t = LandmarkSet.FromIndices(["a"], [truthIjk], null, geometry)[0].PositionLps;
        Vector3d p = LandmarkSet.FromIndices(["a"], [predictedIjk], null, geometry)[0].PositionLps;
        return Case("c", [Present("a", t.X, t.Y, t.Z)], [Present("a", p.X, p.Y, p.Z)], Grid(geometry));
    }

    private static void AssertVector(Vector3d expected, Vector3d actual, double tolerance)
    {
        Assert.True((expected - actual).Length < tolerance, $"Expected {expected}, got {actual}.");
    }

    /// <summary>The input and output of the cancelling custom mapping.</summary>
    public sealed class IdRow
    {
        public string Id { get; set; } = "";
    }
}
