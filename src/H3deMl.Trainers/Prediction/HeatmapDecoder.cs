using H3deMl.Core.Geometry;

namespace H3deMl.Trainers.Prediction;

/// <summary>
/// Decodes one heatmap channel as the reference does (H3DE-NET.md §7.1): when the peak m is positive, the unweighted
/// centroid of the voxels ≥ ρ·m, with ρ lowered from 0.999 by 0.1 until at least <see cref="MinimumVoxels"/> qualify;
/// otherwise the centroid of the voxels ≥ 1.5·m. The presence probability maps the peak linearly from the target's
/// background (−1) to its peak (2), clamped to [0, 1] (DECISIONS.md §6).
/// </summary>
internal sealed class HeatmapDecoder(int minimumVoxels = 500)
{
    internal int MinimumVoxels { get; } = minimumVoxels;

    // channel: one landmark's heatmap, (A0, A1, A2) row-major with A2 fastest.
    internal DecodedLandmark Decode(ReadOnlySpan<float> channel, int a0, int a1, int a2)
    {
        var peak = float.NegativeInfinity;
        foreach (var v in channel) if (v > peak) peak = v;
        var need = Math.Min(MinimumVoxels, channel.Length);
        float threshold;
        if (peak > 0f)
        {
            var rho = 0.999f;
            threshold = peak * rho;
            while (Count(channel, threshold) < need && rho > 0f)
            {
                rho -= 0.1f;
                threshold = peak * MathF.Max(rho, 0f);
            }
        }
        else
        {
            threshold = 1.5f * peak;
        }
        double s0 = 0, s1 = 0, s2 = 0;
        long n = 0;
        for (var x = 0; x < a0; x++)
            for (var y = 0; y < a1; y++)
            {
                var row = channel.Slice((x * a1 + y) * a2, a2);
                for (var z = 0; z < a2; z++)
                {
                    if (row[z] < threshold) continue;
                    s0 += x;
                    s1 += y;
                    s2 += z;
                    n++;
                }
            }
        var index = n == 0 ? new Vector3d(a0 / 2.0, a1 / 2.0, a2 / 2.0) : new Vector3d(s0 / n, s1 / n, s2 / n);
        var presence = Math.Clamp((peak + 1.0) / 3.0, 0.0, 1.0);
        return new DecodedLandmark(index, presence, peak);
    }

    private static int Count(ReadOnlySpan<float> channel, float threshold)
    {
        var c = 0;
        foreach (var v in channel) if (v >= threshold) c++;
        return c;
    }
}
