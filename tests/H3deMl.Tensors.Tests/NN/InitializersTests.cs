using H3deMl.Tensors.NN.Init;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.Tests.NN;

public sealed class InitializersTests
{
    [Theory]
    [InlineData(50, 200)]
    [InlineData(7, 3000)]
    public void LinearLayer_DefaultInit_KaimingBoundIsOneOverSqrtFanIn(int fanIn, int outFeatures)
    {
        var lin = new LinearLayer(fanIn, outFeatures, new RandomStream(1));
        var bound = (float)(1 / Math.Sqrt(fanIn));
        var w = lin.Weight.Value.ToArray();
        AssertUniform(w, bound);
        var b = lin.Bias!.Value.ToArray();
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
    }

    [Fact]
    public void Conv3dLayer_DefaultInit_FanInCountsGroupsAndKernel()
    {
        // Depthwise 64 channels, kernel 5: fan_in = (64/64)·125.
        var conv = new Conv3dLayer(64, 64, 5, new RandomStream(2), padding: 2, groups: 64);
        Assert.Equal([64, 1, 5, 5, 5], conv.Weight.Shape.ToArray());
        Assert.Equal(125, Initializers.FanIn(conv.Weight.Shape));
        AssertUniform(conv.Weight.Value.ToArray(), (float)(1 / Math.Sqrt(125)));
        var dense = new Conv3dLayer(16, 8, 3, new RandomStream(3));
        Assert.Equal(16 * 27, Initializers.FanIn(dense.Weight.Shape));
        Assert.Equal(8 * 27, Initializers.FanOut(dense.Weight.Shape));
        Assert.All(dense.Bias!.Value.ToArray(), v => Assert.InRange(v, -(float)(1 / Math.Sqrt(432)), (float)(1 / Math.Sqrt(432))));
    }

    [Fact]
    public void KaimingUniform_SlopeZero_BoundIsSqrtSixOverFanIn()
    {
        var t = Tensor.Zeros(400, 30);
        Initializers.KaimingUniform(t, new RandomStream(4), a: 0);
        AssertUniform(t.ToArray(), (float)Math.Sqrt(6.0 / 30));
    }

    [Fact]
    public void TruncatedNormal_UnitStd_WithinBoundsWithTruncatedMoments()
    {
        var t = Tensor.Zeros(200_000);
        Initializers.TruncatedNormal(t, new RandomStream(5), mean: 0, std: 1, a: -2, b: 2);
        var v = t.ToArray();
        Assert.All(v, x => Assert.InRange(x, -2f, 2f));
        var mean = v.Average(x => (double)x);
        var std = Math.Sqrt(v.Average(x => (double)x * x) - mean * mean);
        // Var of N(0,1) truncated to [−2, 2] = 1 − 2·2·φ(2) / (Φ(2) − Φ(−2)) = 0.773741…
        const double phi2 = 0.05399096651318806, mass = 0.9544997361036416;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, Math.Sqrt(1 - 4 * phi2 / mass) - 0.005, Math.Sqrt(1 - 4 * phi2 / mass) + 0.005);
        Assert.True(v.Max() > 1.99f && v.Min() < -1.99f, "the truncation points should be approached");
    }

    [Fact]
    public void TruncatedNormal_SmallStdAbsoluteBounds_AsTimm()
    {
        // timm's trunc_normal_(std=.02) with the default absolute bounds (−2, 2) cuts practically nothing.
        var t = Tensor.Zeros(100_000);
        Initializers.TruncatedNormal(t, new RandomStream(6), std: 0.02);
        var v = t.ToArray();
        var std = Math.Sqrt(v.Average(x => (double)x * x));
        Assert.InRange(std, 0.0198, 0.0202);
        var tight = Tensor.Zeros(10_000);
        Initializers.TruncatedNormal(tight, new RandomStream(6), mean: 1, std: 1, a: 0.5, b: 1.25);
        Assert.All(tight.ToArray(), x => Assert.InRange(x, 0.5f, 1.25f));
    }

    [Fact]
    public void Initializers_SameSeed_BitIdentical()
    {
        static float[] Make(ulong seed)
        {
            var t = Tensor.Zeros(1000);
            var r = new RandomStream(seed);
            Initializers.TruncatedNormal(t, r, std: 0.02);
            Initializers.Normal(t, r);
            Initializers.KaimingUniform(t.Reshape(10, 100), r);
            return t.ToArray();
        }
        Assert.Equal(Make(9), Make(9));
        Assert.NotEqual(Make(9), Make(10));
        Assert.Equal(new LinearLayer(5, 5, new RandomStream(3)).Weight.Value.ToArray(), new LinearLayer(5, 5, new RandomStream(3)).Weight.Value.ToArray());
    }

    [Fact]
    public void ConstantZerosOnes_FillEveryElement()
    {
        var t = Tensor.Full(3f, 2, 3);
        Initializers.Zeros(t);
        Assert.All(t.ToArray(), v => Assert.Equal(0f, v));
        Initializers.Ones(t);
        Assert.All(t.ToArray(), v => Assert.Equal(1f, v));
        Initializers.Constant(t, -2.5f);
        Assert.All(t.ToArray(), v => Assert.Equal(-2.5f, v));
    }

    [Fact]
    public void Initializers_InvalidArguments_Throw()
    {
        var r = new RandomStream(1);
        Assert.Throws<ArgumentException>(() => Initializers.KaimingUniform(Tensor.Zeros(5), r));
        Assert.Equal("std", Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.TruncatedNormal(Tensor.Zeros(5), r, std: 0)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.TruncatedNormal(Tensor.Zeros(5), r, a: 1, b: 1)).ParamName);
        Assert.Equal("high", Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Uniform(Tensor.Zeros(5), r, 1, 0)).ParamName);
    }

    /// <summary>All values in [−bound, bound], the extremes approached, mean ≈ 0 and variance ≈ bound²/3 (uniform).</summary>
    private static void AssertUniform(float[] w, float bound)
    {
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > bound * 0.99f && w.Min() < -bound * 0.99f, $"extremes {w.Min()}, {w.Max()} should approach ±{bound}");
        var mean = w.Average(x => (double)x);
        var variance = w.Average(x => (double)x * x) - mean * mean;
        var expected = bound * (double)bound / 3;
        Assert.InRange(mean, -0.05 * bound, 0.05 * bound);
        Assert.InRange(variance, expected * 0.95, expected * 1.05);
    }
}
