using H3deMl.Core.Volumes;

namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>The intensity range mapped to black…white on report slices.</summary>
/// <param name="Low">The value shown black.</param>
/// <param name="High">The value shown white (greater than <paramref name="Low"/>).</param>
internal readonly record struct IntensityWindow(double Low, double High)
{
    /// <summary>The window between two percentiles of a volume's first component, estimated on at most about a million
    /// evenly strided voxels.</summary>
    public static IntensityWindow FromPercentiles(Volume volume, double lowPercent = 0.5, double highPercent = 99.5)
    {
        float[] voxels = volume.Voxels;
        long count = volume.Size.VoxelCount;
        long stride = Math.Max(1, count / 1_000_000);
        var sample = new List<float>((int)Math.Min(count, 1_000_001));
        for (long n = 0; n < count; n += stride)
        {
            float v = voxels[n * volume.Components];
            if (float.IsFinite(v))
            {
                sample.Add(v);
            }
        }

        if (sample.Count == 0)
        {
            return new IntensityWindow(0, 1);
        }

        sample.Sort();
        double low = sample[(int)Math.Round((sample.Count - 1) * lowPercent / 100)];
        double high = sample[(int)Math.Round((sample.Count - 1) * highPercent / 100)];
        return high > low ? new IntensityWindow(low, high) : new IntensityWindow(low, low + 1);
    }

    /// <summary>The grey palette index of a value.</summary>
    public byte GreyIndex(double value)
    {
        double t = (value - Low) / (High - Low);
        return (byte)Math.Round(Math.Clamp(double.IsNaN(t) ? 0 : t, 0, 1) * (ReportPalette.GreyLevels - 1));
    }
}
