using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Trainers.Prediction;

namespace H3deMl.Trainers.Training;

/// <summary>
/// The validation figures the trainer selects on: MRE in mm (mean over cases of the per-case mean over present
/// landmarks, the paper's convention) and pooled SDR at 2, 2.5, 3 and 4 mm; errors measured in world LPS of the original
/// scan (DECISIONS.md §7).
/// </summary>
internal static class ValidationMetrics
{
    internal static readonly double[] Thresholds = [2.0, 2.5, 3.0, 4.0];

    internal static (double MreMm, IReadOnlyDictionary<double, double> Sdr) Evaluate(ScanDataView validation, NetworkInference inference, int epoch, CancellationToken cancellationToken)
    {
        var caseMeans = new List<double>();
        var hits = new int[Thresholds.Length];
        var count = 0;
        foreach (var row in validation.Enumerate(epoch, cancellationToken))
        {
            var volume = row.RequireVolume("validation");
            var truth = row.Landmarks ?? throw new InvalidOperationException($"Validation case '{row.Id}' has no landmarks.");
            var decoded = inference.Predict(volume, cancellationToken);
            double sum = 0;
            var present = 0;
            for (var l = 0; l < truth.Count && l < decoded.Length; l++)
            {
                if (!truth[l].IsPresent) continue;
                var predicted = CoordinateMapping.CurrentIndexToWorldLps(row, decoded[l].IndexIjk);
                var error = Vector3d.Distance(predicted, truth[l].PositionLps);
                sum += error;
                present++;
                count++;
                for (var t = 0; t < Thresholds.Length; t++) if (error <= Thresholds[t]) hits[t]++;
            }
            if (present > 0) caseMeans.Add(sum / present);
        }
        var mre = caseMeans.Count == 0 ? double.NaN : caseMeans.Average();
        var sdr = new Dictionary<double, double>();
        for (var t = 0; t < Thresholds.Length; t++) sdr[Thresholds[t]] = count == 0 ? double.NaN : (double)hits[t] / count;
        return (mre, sdr);
    }
}
