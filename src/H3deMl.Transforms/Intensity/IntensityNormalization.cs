using System.Numerics.Tensors;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Intensity;

/// <summary>Intensity normalisation of volumes as pure functions (each returns a new volume; geometry is unchanged).</summary>
public static class IntensityNormalization
{
    /// <summary>Applies the options' mapping.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="options">The options (validated).</param>
    /// <returns>The normalised volume.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Volume Normalize(Volume volume, IntensityNormalizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Mode)
        {
            case IntensityNormalizationMode.ZScore:
                return ZScore(volume);
            case IntensityNormalizationMode.Percentile:
                (float lo, float hi) = Percentiles(volume.Voxels, options.LowerPercentile, options.UpperPercentile);
                return Window(volume, lo, hi > lo ? hi : lo + 1, options.OutputMin, options.OutputMax);
            default:
                return Window(volume, options.WindowMin, options.WindowMax, options.OutputMin, options.OutputMax);
        }
    }

    /// <summary>Clips to [<paramref name="windowMin"/>, <paramref name="windowMax"/>] and scales linearly so that the window
    /// maps to [<paramref name="outputMin"/>, <paramref name="outputMax"/>]: <c>out = outMin + (clamp(v) − min)·(outMax − outMin)/(max − min)</c>.</summary>
    /// <param name="volume">The volume.</param>
    /// <param name="windowMin">The window's lower end.</param>
    /// <param name="windowMax">The window's upper end, &gt; <paramref name="windowMin"/>.</param>
    /// <param name="outputMin">The output for <paramref name="windowMin"/>.</param>
    /// <param name="outputMax">The output for <paramref name="windowMax"/>.</param>
    /// <returns>The normalised volume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windowMax"/> ≤ <paramref name="windowMin"/>.</exception>
    public static Volume Window(Volume volume, float windowMin, float windowMax, float outputMin, float outputMax)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!(windowMax > windowMin))
        {
            throw new ArgumentOutOfRangeException(nameof(windowMax), windowMax, $"The window's upper end must exceed its lower end ({windowMin}).");
        }

        var output = new float[volume.Voxels.Length];
        float scale = (outputMax - outputMin) / (windowMax - windowMin);
        float offset = outputMin - (windowMin * scale);
        TensorPrimitives.Clamp(volume.Voxels, windowMin, windowMax, output);
        TensorPrimitives.Multiply(output, scale, output);
        TensorPrimitives.Add(output, offset, output);
        return Rebuild(volume, output);
    }

    /// <summary>Standardises to zero mean and unit standard deviation (population, over all voxels); a constant volume becomes 0.</summary>
    /// <param name="volume">The volume.</param>
    /// <returns>The normalised volume.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is null.</exception>
    public static Volume ZScore(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        float[] v = volume.Voxels;
        double sum = 0, sumSquares = 0;
        foreach (float x in v)
        {
            sum += x;
            sumSquares += (double)x * x;
        }

        double mean = v.Length == 0 ? 0 : sum / v.Length;
        double variance = v.Length == 0 ? 0 : Math.Max(0, (sumSquares / v.Length) - (mean * mean));
        double std = Math.Sqrt(variance);
        var output = new float[v.Length];
        float scale = std > 0 ? (float)(1 / std) : 0f;
        TensorPrimitives.Multiply(v, scale, output);
        TensorPrimitives.Add(output, (float)(-mean * scale), output);
        return Rebuild(volume, output);
    }

    /// <summary>The values at two percentiles of a voxel array (nearest rank on a sorted, evenly strided sample of at most 2²⁰ voxels).</summary>
    /// <param name="voxels">The values.</param>
    /// <param name="lowerPercent">The lower percentile, in [0, 100].</param>
    /// <param name="upperPercent">The upper percentile, in [0, 100].</param>
    /// <returns>The two values.</returns>
    /// <exception cref="ArgumentException"><paramref name="voxels"/> is empty.</exception>
    public static (float Lower, float Upper) Percentiles(ReadOnlySpan<float> voxels, double lowerPercent, double upperPercent)
    {
        if (voxels.IsEmpty)
        {
            throw new ArgumentException("There are no voxels.", nameof(voxels));
        }

        int stride = Math.Max(1, voxels.Length >> 20);
        var sample = new float[(voxels.Length + stride - 1) / stride];
        for (int n = 0; n < sample.Length; n++)
        {
            sample[n] = voxels[n * stride];
        }

        Array.Sort(sample);
        float At(double p) => sample[(int)Math.Clamp(Math.Round(p / 100 * (sample.Length - 1)), 0, sample.Length - 1)];
        return (At(lowerPercent), At(upperPercent));
    }

    private static Volume Rebuild(Volume volume, float[] voxels) =>
        new(voxels, volume.Geometry, volume.OriginalElementType, volume.Metadata, volume.Components);
}
