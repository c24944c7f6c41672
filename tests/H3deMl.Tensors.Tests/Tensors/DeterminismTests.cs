using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Tensors;

/// <summary>
/// <see cref="ComputeSettings.Threads"/> is process-wide, so the tests that change it run alone (parallelisation
/// disabled for this collection) and restore it in <c>finally</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ComputeSettingsCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "ComputeSettings (process-wide)";
}

/// <summary>One thread and two give bit-identical results (DECISIONS §11: reduction order depends on sizes only).</summary>
[Collection(ComputeSettingsCollection.Name)]
public sealed class DeterminismTests
{
    private static float[] Data(int n, int seed)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (var i = 0; i < n; i++) a[i] = (float)(r.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary>Runs <paramref name="compute"/> with 1 and with 2 threads and asserts bit-identical results.</summary>
    private static void AssertThreadInvariant(string what, Func<float[][]> compute)
    {
        var saved = ComputeSettings.Threads;
        try
        {
            ComputeSettings.Threads = 1;
            var one = compute();
            ComputeSettings.Threads = 2;
            var two = compute();
            Assert.Equal(one.Length, two.Length);
            for (var i = 0; i < one.Length; i++) Tolerance.AssertBitIdentical(two[i], one[i], $"{what}, result {i} (2 threads vs 1)");
        }
        finally
        {
            ComputeSettings.Threads = saved;
        }
    }

    [Fact]
    public void Threads_SetBelowOne_Throws()
    {
        var saved = ComputeSettings.Threads;
        try
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ComputeSettings.Threads = 0);
            Assert.Equal(saved, ComputeSettings.Threads);
        }
        finally
        {
            ComputeSettings.Threads = saved;
        }
    }

    [Fact]
    public void Sum_LargeTensor_OneVsTwoThreadsBitIdentical()
    {
        var x = Tensor.FromArray(Data((1 << 21) + 37, 1), (1 << 21) + 37);
        var m = Tensor.FromArray(Data(257 * 4099, 2), 257, 4099);
        var v = Tensor.FromArray(Data(3 * 70_001 * 5, 3), 3, 70_001, 5);
        AssertThreadInvariant("sum", () =>
        [
            x.Sum().ToArray(), x.Mean().ToArray(),
            m.Sum(0).ToArray(), m.Sum(1).ToArray(), m.Sum().ToArray(), m.Mean([0, 1]).ToArray(),
            v.Sum(1).ToArray(), v.Sum([0, 2], keepDim: true).ToArray(),
            m.Transpose(0, 1).Sum(1).ToArray(),
        ]);
    }

    [Fact]
    public void Sum_LargeTensor_IsAccurate()
    {
        var data = Data((1 << 21) + 37, 4);
        var expected = data.Sum(v => (double)v);
        var actual = Tensor.FromArray(data, data.Length).Sum().Item();
        var scale = data.Sum(v => Math.Abs((double)v));
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * scale,
            $"sum of {data.Length:N0} values: {actual:G9} vs double {expected:G9}; error {Math.Abs(actual - expected):G3} > 1e-6·Σ|x| = {1e-6 * scale:G3}");
    }

    [Fact]
    public void Elementwise_LargeTensor_OneVsTwoThreadsBitIdentical()
    {
        var a = Tensor.FromArray(Data(300_007, 5), 300_007);
        var b = Tensor.FromArray(Data(300_007, 6), 300_007);
        var rows = Tensor.FromArray(Data(613 * 1031, 7), 613, 1031);
        var col = Tensor.FromArray(Data(613, 8), 613, 1);
        AssertThreadInvariant("element-wise", () =>
        [
            (a + b).ToArray(), (a * b - a).ToArray(), (a / (b.Abs() + 1f)).ToArray(), a.Exp().ToArray(),
            Functional.Gelu(a).ToArray(), Functional.Sigmoid(b).ToArray(),
            (rows * col).ToArray(), (rows.Transpose(0, 1) + 1f).ToArray(),
        ]);
    }

    [Fact]
    public void Backward_LargeGraph_OneVsTwoThreadsBitIdentical()
    {
        var xd = Data(512 * 1031, 9);
        var wd = Data(1031, 10);
        AssertThreadInvariant("gradients", () =>
        {
            var x = Tensor.FromArray(xd, 512, 1031);
            var w = Tensor.FromArray(wd, 1031);
            x.RequiresGrad = true;
            w.RequiresGrad = true;
            var loss = (Functional.Softmax(x * w, -1) * x).Sum(0).Square().Mean();
            loss.Backward();
            return [loss.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray()];
        });
    }

    [Fact]
    public void NetworkOps_OneVsTwoThreadsBitIdentical()
    {
        var x = Tensor.FromArray(Data(2 * 4 * 9 * 10 * 11, 11), 2, 4, 9, 10, 11);
        var w = Tensor.FromArray(Data(6 * 2 * 27, 12), 6, 2, 3, 3, 3);
        var lin = Tensor.FromArray(Data(4096 * 64, 13), 4096, 64);
        var lw = Tensor.FromArray(Data(48 * 64, 14), 48, 64);
        AssertThreadInvariant("network ops", () =>
        [
            Functional.Conv3d(x, w, null, 1, 1, groups: 2).ToArray(),
            Functional.InstanceNorm(x).ToArray(),
            Functional.AvgPool3d(x).ToArray(),
            Functional.UpsampleTrilinear(x).ToArray(),
            Functional.Linear(lin, lw).ToArray(),
            Functional.LayerNorm(lin, null, null).ToArray(),
        ]);
    }
}
