using Microsoft.Data.Analysis;
using static H3deMl.Evaluators.Tests.Data.EvaluationData;

namespace H3deMl.Evaluators.Tests.Metrics;

/// <summary>The per-landmark, per-case and error tables as <see cref="DataFrame"/>s hold the metric objects' values.</summary>
public sealed class LandmarkDetectionMetricsTableTests
{
    private static readonly string[] Sdr = ["sdr_2mm", "sdr_2.5mm", "sdr_3mm", "sdr_4mm"];

    [Fact]
    public void PerLandmarkTable_EqualsTheLandmarkMetrics()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

        DataFrame table = m.PerLandmarkTable();

        Assert.Equal(["landmark", "count", "mre_mm", "sd_mm", .. Sdr, "tp", "fp", "tn", "fn", "precision", "recall", "f1"], table.Columns.Select(c => c.Name));
        Assert.Equal(m.Landmarks.Count, table.Rows.Count);
        for (int r = 0; r < m.Landmarks.Count; r++)
        {
            PerLandmarkMetrics l = m.Landmarks[r];
            DataFrameRow row = table.Rows[r];
            Assert.Equal(l.Landmark, row["landmark"]);
            Assert.Equal(l.Count, row["count"]);
            Assert.Equal(l.MreMm, row["mre_mm"]);
            Assert.Equal(l.SdMm, row["sd_mm"]);
            for (int t = 0; t < Sdr.Length; t++)
            {
                Assert.Equal(l.Sdr[m.ThresholdsMm[t]], row[Sdr[t]]);
            }

            AssertPresence(l.Presence, row);
            Assert.Equal(l.Presence.Precision, row["precision"]);
            Assert.Equal(l.Presence.Recall, row["recall"]);
            Assert.Equal(l.Presence.F1, row["f1"]);
        }

        Assert.Equal(2.5, (double)table["mre_mm"][0]!, 12);
        Assert.True(double.IsNaN((double)table["sd_mm"][1]!));
    }

    [Fact]
    public void PerCaseTable_EqualsTheCaseMetrics()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

        DataFrame table = m.PerCaseTable();

        Assert.Equal(["case", "landmarks", "mre_mm", "sd_mm", .. Sdr, "tp", "fp", "tn", "fn"], table.Columns.Select(c => c.Name));
        Assert.Equal(2, table.Rows.Count);
        for (int r = 0; r < m.Cases.Count; r++)
        {
            CaseMetrics c = m.Cases[r];
            DataFrameRow row = table.Rows[r];
            Assert.Equal(c.CaseId, row["case"]);
            Assert.Equal(c.LandmarkCount, row["landmarks"]);
            Assert.Equal(c.MreMm, row["mre_mm"]);
            Assert.Equal(c.SdMm, row["sd_mm"]);
            for (int t = 0; t < Sdr.Length; t++)
            {
                Assert.Equal(c.Sdr[m.ThresholdsMm[t]], row[Sdr[t]]);
            }

            AssertPresence(c.Presence, row);
        }

        Assert.Equal(["A", "B"], table["case"].Cast<string>());
        Assert.Equal([2.0, 4.0], table["mre_mm"].Cast<double>());
    }

    [Fact]
    public void ErrorTable_EqualsTheErrors()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors());

        DataFrame table = m.ErrorTable();

        Assert.Equal(m.Errors.Count, table.Rows.Count);
        Assert.Equal(m.Errors.Select(e => e.ErrorMm), table["error_mm"].Cast<double>());
        Assert.Equal(m.Errors.Select(e => e.ErrorVoxels!.Value.Y), table["error_j"].Cast<double>());
        Assert.Equal(m.Errors.Select(e => e.IsPredictedPresent), table["predicted_present"].Cast<bool>());
        Assert.Equal(["A", "A", "B"], table["case"].Cast<string>());
    }

    [Fact]
    public void Tables_UseTheChosenThresholds()
    {
        LandmarkDetectionMetrics m = Evaluate(ThreeErrors(), new LandmarkEvaluationOptions { SdrThresholdsMm = [1.5] });

        Assert.Contains("sdr_1.5mm", m.PerCaseTable().Columns.Select(c => c.Name));
        Assert.DoesNotContain("sdr_2mm", m.PerLandmarkTable().Columns.Select(c => c.Name));
    }

    private static void AssertPresence(PresenceMetrics p, DataFrameRow row)
    {
        Assert.Equal(p.TruePositives, row["tp"]);
        Assert.Equal(p.FalsePositives, row["fp"]);
        Assert.Equal(p.TrueNegatives, row["tn"]);
        Assert.Equal(p.FalseNegatives, row["fn"]);
    }
}
