using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Trainers.Prediction;

namespace H3deMl.Trainers.Training;

/// <summary>The validation MRE (mean over cases of each case's mean radial error, world mm) and SDR of a network.</summary>
internal static class ValidationMetrics
{
    internal static readonly double[] Thresholds = [2.0, 2.5, 3.0, 4.0];

    internal static (double MreMm, IReadOnlyDictionary<double, double> Sdr) Evaluate(IEnumerable<(Volume Volume, LandmarkSet Truth)> scans, NetworkInference inference, CancellationToken cancellationToken)
    {
        var caseMeans = new List<double>();
        var hits = new int[Thresholds.Length];
        int count = 0;
        foreach ((Volume volume, LandmarkSet truth) in scans)
        {
            DecodedLandmark[] decoded = inference.Predict(volume, cancellationToken);
            double sum = 0;
            int present = 0;
            for (int l = 0; l < truth.Count && l < decoded.Length; l++)
            {
                if (!truth[l].IsPresent)
                {
                    continue;
                }

                double error = Vector3d.Distance(volume.Geometry.IndexToWorld(decoded[l].IndexIjk), truth[l].PositionLps);
                sum += error;
                present++;
                count++;
                for (int t = 0; t < Thresholds.Length; t++)
                {
                    if (error <= Thresholds[t])
                    {
                        hits[t]++;
                    }
                }
            }

            if (present > 0)
            {
                caseMeans.Add(sum / present);
            }
        }

        double mre = caseMeans.Count == 0 ? double.NaN : caseMeans.Average();
        var sdr = new Dictionary<double, double>();
        for (int t = 0; t < Thresholds.Length; t++)
        {
            sdr[Thresholds[t]] = count == 0 ? double.NaN : (double)hits[t] / count;
        }

        return (mre, sdr);
    }
}
