using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using Microsoft.ML;

namespace H3deMl.Trainers.CoarseToFine;

/// <summary>The mean and RMS distance between <c>PredictedLandmarks</c> and the truth in <c>Landmarks</c>, over present
/// landmarks with a finite prediction.</summary>
internal static class PredictionErrors
{
    public static (double MeanMm, double RmsMm, int Count) Measure(IDataView predicted, CancellationToken cancellationToken)
    {
        var columns = new ScanInputColumns(null, ScanColumnNames.Landmarks, null, RequireVolume: false, RequireLandmarks: true, FloatVectors: [ScanColumnNames.PredictedLandmarks]);
        columns.Check(predicted.Schema, "PredictionErrors");
        string[] needed = [ScanColumnNames.Landmarks, ScanColumnNames.PredictedLandmarks, ScanColumnNames.Id];
        using DataViewRowCursor cursor = predicted.GetRowCursor(predicted.Schema.Where(c => needed.Contains(c.Name)));
        var reader = new ScanRowReader(cursor, columns);
        double sum = 0, squares = 0;
        int count = 0;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScanRow row = reader.Read();
            float[] p = row.GetFeature<float[]>(ScanColumnNames.PredictedLandmarks);
            for (int l = 0; l < row.Landmarks!.Count; l++)
            {
                var position = new Vector3d(p[3 * l], p[(3 * l) + 1], p[(3 * l) + 2]);
                if (row.Landmarks[l].IsPresent && row.Landmarks[l].PositionLps.IsFinite && position.IsFinite)
                {
                    double e = (position - row.Landmarks[l].PositionLps).Length;
                    sum += e;
                    squares += e * e;
                    count++;
                }
            }
        }

        return count == 0 ? (double.NaN, double.NaN, 0) : (sum / count, Math.Sqrt(squares / count), count);
    }
}
