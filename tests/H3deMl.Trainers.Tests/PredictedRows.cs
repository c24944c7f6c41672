using Microsoft.ML;

namespace H3deMl.Trainers.Tests;

/// <summary>Reads <c>Landmarks</c> and <c>PredictedLandmarks</c> back from a scored view: the predictions, and the mean
/// radial error over landmarks with a finite truth and prediction.</summary>
internal static class PredictedRows
{
    public static float[][] Predictions(MLContext ml, IDataView view) =>
        [.. ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).Select(r => r.PredictedLandmarks)];

    public static double Mre(MLContext ml, IDataView view)
    {
        double sum = 0;
        int n = 0;
        foreach (Row row in ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false))
        {
            for (int l = 0; l < row.Landmarks.Length / 3; l++)
            {
                double dx = row.Landmarks[3 * l] - row.PredictedLandmarks[3 * l];
                double dy = row.Landmarks[(3 * l) + 1] - row.PredictedLandmarks[(3 * l) + 1];
                double dz = row.Landmarks[(3 * l) + 2] - row.PredictedLandmarks[(3 * l) + 2];
                double d = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
                if (double.IsFinite(d))
                {
                    sum += d;
                    n++;
                }
            }
        }

        return sum / n;
    }

    private sealed class Row
    {
        public float[] Landmarks { get; set; } = [];

        public float[] PredictedLandmarks { get; set; } = [];
    }
}
