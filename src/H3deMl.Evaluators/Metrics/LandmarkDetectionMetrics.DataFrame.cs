using H3deMl.Evaluators;
using Microsoft.Data.Analysis;

namespace H3deMl;

public sealed partial class LandmarkDetectionMetrics
{
    /// <summary>The per-landmark table (<see cref="Landmarks"/>) as a <see cref="DataFrame"/>, with the columns of
    /// <see cref="WriteLandmarksCsv(TextWriter)"/>: <c>landmark</c> (string), <c>count</c> (int), <c>mre_mm</c>,
    /// <c>sd_mm</c>, <c>sdr_2mm</c>, … (one per threshold, a fraction), <c>tp</c>, <c>fp</c>, <c>tn</c>, <c>fn</c> (int),
    /// <c>precision</c>, <c>recall</c>, <c>f1</c>. Undefined values are NaN.</summary>
    /// <returns>A new data frame, one row per landmark in <see cref="Landmarks"/>' order.</returns>
    public DataFrame PerLandmarkTable()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("landmark", Landmarks.Select(l => l.Landmark)),
            new Int32DataFrameColumn("count", Landmarks.Select(l => l.Count)),
            new DoubleDataFrameColumn("mre_mm", Landmarks.Select(l => l.MreMm)),
            new DoubleDataFrameColumn("sd_mm", Landmarks.Select(l => l.SdMm)),
        };
        columns.AddRange(SdrColumns(Landmarks.Select(l => l.Sdr)));
        columns.AddRange(PresenceColumns(Landmarks.Select(l => l.Presence)));
        columns.Add(new DoubleDataFrameColumn("precision", Landmarks.Select(l => l.Presence.Precision)));
        columns.Add(new DoubleDataFrameColumn("recall", Landmarks.Select(l => l.Presence.Recall)));
        columns.Add(new DoubleDataFrameColumn("f1", Landmarks.Select(l => l.Presence.F1)));
        return new DataFrame(columns);
    }

    /// <summary>The per-case table (<see cref="Cases"/>) as a <see cref="DataFrame"/>, with the columns of
    /// <see cref="WriteCasesCsv(TextWriter)"/>: <c>case</c> (string), <c>landmarks</c> (int, the instances measured),
    /// <c>mre_mm</c>, <c>sd_mm</c>, <c>sdr_2mm</c>, … (one per threshold, a fraction), <c>tp</c>, <c>fp</c>, <c>tn</c>,
    /// <c>fn</c> (int). Undefined values are NaN.</summary>
    /// <returns>A new data frame, one row per case in <see cref="Cases"/>' order.</returns>
    public DataFrame PerCaseTable()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("case", Cases.Select(c => c.CaseId)),
            new Int32DataFrameColumn("landmarks", Cases.Select(c => c.LandmarkCount)),
            new DoubleDataFrameColumn("mre_mm", Cases.Select(c => c.MreMm)),
            new DoubleDataFrameColumn("sd_mm", Cases.Select(c => c.SdMm)),
        };
        columns.AddRange(SdrColumns(Cases.Select(c => c.Sdr)));
        columns.AddRange(PresenceColumns(Cases.Select(c => c.Presence)));
        return new DataFrame(columns);
    }

    /// <summary>The measured instances (<see cref="Errors"/>) as a <see cref="DataFrame"/>, with the columns of
    /// <see cref="WriteErrorsCsv(TextWriter)"/>: <c>case</c>, <c>landmark</c> (string), <c>truth_x</c> … <c>error_k</c>
    /// (double; the voxel columns are NaN when the scan's geometry is unknown), <c>predicted_present</c> (bool),
    /// <c>presence_probability</c> (double).</summary>
    /// <returns>A new data frame, one row per measured instance in <see cref="Errors"/>' order.</returns>
    public DataFrame ErrorTable()
    {
        DoubleDataFrameColumn D(string name, Func<LandmarkError, double> value) => new(name, Errors.Select(value));
        Core.Geometry.Vector3d nan = new(double.NaN, double.NaN, double.NaN);
        return new DataFrame(
            new StringDataFrameColumn("case", Errors.Select(e => e.CaseId)),
            new StringDataFrameColumn("landmark", Errors.Select(e => e.Landmark)),
            D("truth_x", e => e.TruthLps.X),
            D("truth_y", e => e.TruthLps.Y),
            D("truth_z", e => e.TruthLps.Z),
            D("predicted_x", e => e.PredictedLps.X),
            D("predicted_y", e => e.PredictedLps.Y),
            D("predicted_z", e => e.PredictedLps.Z),
            D("error_mm", e => e.ErrorMm),
            D("error_x", e => e.ErrorVectorLps.X),
            D("error_y", e => e.ErrorVectorLps.Y),
            D("error_z", e => e.ErrorVectorLps.Z),
            D("error_i", e => (e.ErrorVoxels ?? nan).X),
            D("error_j", e => (e.ErrorVoxels ?? nan).Y),
            D("error_k", e => (e.ErrorVoxels ?? nan).Z),
            new BooleanDataFrameColumn("predicted_present", Errors.Select(e => e.IsPredictedPresent)),
            D("presence_probability", e => e.PresenceProbability));
    }

    private IEnumerable<DataFrameColumn> SdrColumns(IEnumerable<IReadOnlyDictionary<double, double>> rates)
    {
        IReadOnlyDictionary<double, double>[] rows = [.. rates];
        return ThresholdsMm.Select(t => new DoubleDataFrameColumn(SdrColumnName(t), rows.Select(r => r[t])));
    }

    private static IEnumerable<DataFrameColumn> PresenceColumns(IEnumerable<PresenceMetrics> presence)
    {
        PresenceMetrics[] rows = [.. presence];
        yield return new Int32DataFrameColumn("tp", rows.Select(p => p.TruePositives));
        yield return new Int32DataFrameColumn("fp", rows.Select(p => p.FalsePositives));
        yield return new Int32DataFrameColumn("tn", rows.Select(p => p.TrueNegatives));
        yield return new Int32DataFrameColumn("fn", rows.Select(p => p.FalseNegatives));
    }

    /// <summary>The name of a threshold's SDR column in the CSV files and data frames ("sdr_2.5mm").</summary>
    private static string SdrColumnName(double thresholdMm) => $"sdr_{MetricFormat.Threshold(thresholdMm)}mm";
}
