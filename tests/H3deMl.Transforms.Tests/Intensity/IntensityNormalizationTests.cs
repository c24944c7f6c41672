using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Intensity;

namespace H3deMl.Transforms.Tests.Intensity;

public sealed class IntensityNormalizationTests
{
    private static Volume Of(params float[] values) => new(values, VolumeGeometry.AxisAligned(new VolumeSize(values.Length, 1, 1)), VolumeElementType.Int16);

    [Fact]
    public void Window_ClipsAndScales_ReferenceAndPaperRanges()
    {
        Volume v = Of(-50, 0, 127.5f, 255, 300);
        Assert.Equal([0f, 0f, 0.5f, 1f, 1f], IntensityNormalization.Normalize(v, new IntensityNormalizingOptions()).Voxels);
        Assert.Equal([0f, 0f, 127.5f, 255f, 255f], IntensityNormalization.Window(v, 0, 255, 0, 255).Voxels);
        Assert.Equal([950f / 3000, 1000f / 3000, 1127.5f / 3000, 1255f / 3000, 1300f / 3000], IntensityNormalization.Window(v, -1000, 2000, 0, 1).Voxels.Select(x => MathF.Round(x, 6)).ToArray(), new FloatTolerance());
        Assert.Equal(v.Geometry, IntensityNormalization.Window(v, 0, 1, 0, 1).Geometry);
    }

    [Fact]
    public void ZScore_GivesZeroMeanUnitStd()
    {
        Volume z = IntensityNormalization.ZScore(Of(1, 2, 3, 4));
        Assert.Equal(0, z.Voxels.Average(), 6);
        Assert.Equal(1, Math.Sqrt(z.Voxels.Select(x => x * x).Average()), 5);
        Assert.All(IntensityNormalization.ZScore(Of(5, 5, 5)).Voxels, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Percentile_ClipsOutliers()
    {
        float[] values = [.. Enumerable.Range(0, 1001).Select(x => (float)x)];
        values[0] = -1e6f;
        values[1000] = 1e6f;
        (float lo, float hi) = IntensityNormalization.Percentiles(values, 1, 99);
        Assert.Equal(10, lo);
        Assert.Equal(990, hi);
        Volume n = IntensityNormalization.Normalize(Of(values), new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Percentile, LowerPercentile = 1, UpperPercentile = 99 });
        Assert.Equal(0f, n.Voxels[0]);
        Assert.Equal(1f, n.Voxels[1000]);
    }

    private sealed class FloatTolerance : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) < 1e-5;

        public int GetHashCode(float obj) => 0;
    }
}
