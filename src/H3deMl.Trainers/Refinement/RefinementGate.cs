using System.Globalization;
using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Refinement;

/// <summary>Chooses, per landmark, whether the refinement is kept: it is when its mean error on the validation scans is
/// lower than that of the stage before (the <c>PredictedLandmarks</c> the validation rows carry).</summary>
internal static class RefinementGate
{
    public static H3deNetRefinementModel Choose(H3deNetRefinementModel model, IDataView validation, IChannel channel, CancellationToken cancellationToken)
    {
        int count = model.LandmarkNames.Count;
        var before = new ErrorSum[count];
        var after = new ErrorSum[count];
        foreach (ScanRow row in Rows(validation, model.LandmarkNames))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Measure(model, row, before, after, cancellationToken);
        }

        bool[] refined = [.. Enumerable.Range(0, count).Select(l => after[l].Count == 0 || after[l].Mean < before[l].Mean)];
        string kept = string.Join(", ", Enumerable.Range(0, count).Where(l => !refined[l]).Select(l => $"{model.LandmarkNames[l]} ({before[l].Mean.ToString("F2", CultureInfo.InvariantCulture)} < {after[l].Mean.ToString("F2", CultureInfo.InvariantCulture)} mm)"));
        channel.Info(MessageSensitivity.None, $"Refinement: validation mean error {Mean(before):F3} mm before, {Mean(after):F3} mm refined; refining {refined.Count(r => r)} of {count} landmarks" + (kept.Length > 0 ? $"; kept as before: {kept}." : "."));
        return model.With(model.Options with { Refined = refined });
    }

    private static void Measure(H3deNetRefinementModel model, ScanRow row, ErrorSum[] before, ErrorSum[] after, CancellationToken cancellationToken)
    {
        float[] initial = row.GetFeature<float[]>(ScanColumnNames.PredictedLandmarks);
        Volume volume = row.RequireVolume("H3deNetRefinement");
        Volume? original = null;
        for (int l = 0; l < before.Length; l++)
        {
            var centre = new Vector3d(initial[3 * l], initial[(3 * l) + 1], initial[(3 * l) + 2]);
            var truth = row.Landmarks![l];
            if (!centre.IsFinite || !truth.IsPresent || !truth.PositionLps.IsFinite)
            {
                continue;
            }

            original ??= model.Original(row, cancellationToken);
            before[l].Add((centre - truth.PositionLps).Length);
            after[l].Add((model.Refine(original, volume.Geometry.Direction, centre, l) - truth.PositionLps).Length);
        }
    }

    private static IEnumerable<ScanRow> Rows(IDataView validation, IReadOnlyList<string> names)
    {
        var columns = new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks, ScanColumnNames.ScanPath, RequireLandmarks: true, FloatVectors: [ScanColumnNames.PredictedLandmarks]);
        columns.Check(validation.Schema, "H3deNetRefinement validation");
        IReadOnlyList<string> validationNames = LandmarkColumn.Names(validation.Schema[ScanColumnNames.Landmarks]);
        if (!validationNames.SequenceEqual(names, StringComparer.Ordinal))
        {
            throw new ArgumentException("H3deNetRefinement: the validation data's landmarks differ from the training data's.", nameof(validation));
        }

        using DataViewRowCursor cursor = validation.GetRowCursor(validation.Schema);
        var reader = new ScanRowReader(cursor, columns);
        while (cursor.MoveNext())
        {
            yield return reader.Read();
        }
    }

    private static double Mean(ErrorSum[] sums) => sums.Sum(s => s.Sum) / Math.Max(1, sums.Sum(s => s.Count));

    private struct ErrorSum
    {
        public double Sum;
        public int Count;

        public readonly double Mean => Count == 0 ? double.NaN : Sum / Count;

        public void Add(double error)
        {
            Sum += error;
            Count++;
        }
    }
}
