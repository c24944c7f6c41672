using System.Globalization;
using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using Microsoft.ML;

namespace H3deMl;

/// <summary>What the self-configuring trainer needs to know about the training scans: how many, how finely sampled, how
/// large, and how the landmarks spread. Medians over the scans, so one odd scan does not decide.</summary>
/// <param name="ScanCount">The number of training scans.</param>
/// <param name="LandmarkCount">The number of landmarks.</param>
/// <param name="FinestSpacingMm">The median over scans of each scan's finest voxel spacing.</param>
/// <param name="ExtentMm">The median over scans of each scan's largest physical extent.</param>
/// <param name="LandmarkSpreadMm">The median over scans of the largest distance of a present landmark from their centroid.</param>
/// <param name="PresentFraction">The fraction of landmark slots that are present.</param>
/// <param name="IntensityLow">The median over scans of each scan's 0.5th intensity percentile.</param>
/// <param name="IntensityHigh">The median over scans of each scan's 99.5th intensity percentile.</param>
public sealed record DataFingerprint(int ScanCount, int LandmarkCount, double FinestSpacingMm, double ExtentMm, double LandmarkSpreadMm, double PresentFraction, double IntensityLow, double IntensityHigh)
{
    /// <summary>Reads every row's volume geometry and landmarks.</summary>
    /// <param name="loaded">Scans with a <c>Volume</c> (after <c>LoadVolume</c>) and <c>Landmarks</c> column.</param>
    /// <param name="cancellationToken">Stops between scans.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="ArgumentException">The data has no rows.</exception>
    public static DataFingerprint Measure(IDataView loaded, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var columns = new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks, null, RequireLandmarks: true);
        columns.Check(loaded.Schema, "DataFingerprint");
        using DataViewRowCursor cursor = loaded.GetRowCursor(loaded.Schema.Where(c => c.Name is ScanColumnNames.Volume or ScanColumnNames.Landmarks or ScanColumnNames.Id));
        var reader = new ScanRowReader(cursor, columns);
        List<double> spacing = [], extent = [], spread = [], low = [], high = [];
        int landmarks = 0, present = 0, slots = 0;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            ScanRow row = reader.Read();
            Volume volume = row.RequireVolume("DataFingerprint");
            VolumeGeometry g = volume.Geometry;
            (double lo, double hi) = Percentiles(volume.Voxels);
            low.Add(lo);
            high.Add(hi);
            spacing.Add(Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z)));
            extent.Add(Math.Max(g.SpacingMm.X * g.Size.I, Math.Max(g.SpacingMm.Y * g.Size.J, g.SpacingMm.Z * g.Size.K)));
            Vector3d[] points = [.. Enumerable.Range(0, row.Landmarks!.Count).Select(l => row.Landmarks[l]).Where(p => p.IsPresent && p.PositionLps.IsFinite).Select(p => p.PositionLps)];
            landmarks = row.Landmarks.Count;
            slots += landmarks;
            present += points.Length;
            if (points.Length > 0)
            {
                Vector3d centre = points.Aggregate(default(Vector3d), (a, p) => a + p) * (1.0 / points.Length);
                spread.Add(points.Max(p => (p - centre).Length));
            }
        }

        if (spacing.Count == 0)
        {
            throw new ArgumentException("The training data has no rows.", nameof(loaded));
        }

        return new DataFingerprint(spacing.Count, landmarks, Median(spacing), Median(extent), spread.Count == 0 ? 0 : Median(spread), slots == 0 ? 0 : (double)present / slots, Median(low), Median(high));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ScanCount} scans, {LandmarkCount} landmarks ({PresentFraction:P0} present), finest spacing {FinestSpacingMm:G3} mm, extent {ExtentMm:G3} mm, landmark spread {LandmarkSpreadMm:G3} mm, intensities {IntensityLow:G4} to {IntensityHigh:G4} (0.5 to 99.5 %)");

    // The 0.5th and 99.5th percentiles of about 200 000 voxels taken at a fixed stride (finite values only).
    private static (double Low, double High) Percentiles(float[] voxels)
    {
        int stride = Math.Max(1, voxels.Length / 200_000);
        var sample = new List<float>((voxels.Length / stride) + 1);
        for (int i = 0; i < voxels.Length; i += stride)
        {
            if (float.IsFinite(voxels[i]))
            {
                sample.Add(voxels[i]);
            }
        }

        if (sample.Count == 0)
        {
            return (0, 1);
        }

        sample.Sort();
        return (sample[(int)(0.005 * (sample.Count - 1))], sample[(int)(0.995 * (sample.Count - 1))]);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
