using System.Numerics.Tensors;

namespace H3deMl.Core.Registration;

/// <summary>Otsu's threshold (1979): the histogram split that maximises the between-class variance.</summary>
internal static class OtsuThreshold
{
    public const int Bins = 256;

    /// <summary>The threshold of <paramref name="values"/> (NaN ignored); the value itself when all are equal.</summary>
    public static double Of(ReadOnlySpan<float> values)
    {
        float min = TensorPrimitives.Min(values), max = TensorPrimitives.Max(values);
        if (!(max > min))
        {
            return min;
        }

        long[] histogram = Histogram(values, min, max);
        double binWidth = (max - (double)min) / Bins;
        return min + (binWidth * (BestSplit(histogram) + 1));
    }

    private static long[] Histogram(ReadOnlySpan<float> values, float min, float max)
    {
        var histogram = new long[Bins];
        double scale = Bins / (max - (double)min);
        foreach (float v in values)
        {
            if (!float.IsNaN(v))
            {
                histogram[Math.Min(Bins - 1, (int)((v - min) * scale))]++;
            }
        }

        return histogram;
    }

    /// <summary>The last bin of the lower class.</summary>
    private static int BestSplit(long[] histogram)
    {
        double total = 0, weightedTotal = 0;
        for (int b = 0; b < Bins; b++)
        {
            total += histogram[b];
            weightedTotal += b * (double)histogram[b];
        }

        double lowCount = 0, lowSum = 0, bestVariance = -1;
        int best = 0;
        for (int b = 0; b < Bins - 1; b++)
        {
            lowCount += histogram[b];
            lowSum += b * (double)histogram[b];
            double highCount = total - lowCount;
            if (lowCount == 0 || highCount == 0)
            {
                continue;
            }

            double meanDifference = (lowSum / lowCount) - ((weightedTotal - lowSum) / highCount);
            double variance = lowCount * highCount * meanDifference * meanDifference;
            if (variance > bestVariance)
            {
                bestVariance = variance;
                best = b;
            }
        }

        return best;
    }
}
