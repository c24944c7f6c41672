using H3deMl.Tensors.Tests.Tensors;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Autograd;

/// <summary>
/// The fused <see cref="Functional.Attention"/> against the composite MatMul–Softmax–MatMul it replaces: outputs and
/// the gradients of q, k and v, and the same bits with one thread and two.
/// </summary>
[Collection(ComputeSettingsCollection.Name)]
public sealed class AttentionTests
{
    private static Tensor Random(int seed, params int[] shape)
    {
        var r = new Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[n];
        for (var i = 0; i < n; i++) data[i] = (float)(r.NextDouble() * 4 - 2);
        var t = Tensor.FromArray(data, shape);
        t.RequiresGrad = true;
        return t;
    }

    private static float[][] Run(bool fused, int b, int t, int s, int d, float scale)
    {
        var q = Random(1, b, t, d);
        var k = Random(2, b, s, d);
        var v = Random(3, b, s, d);
        var weights = Random(4, b, t, d).Detach();
        using var scope = new TensorScope();
        var o = fused
            ? Functional.Attention(q, k, v, scale)
            : Functional.MatMul(Functional.Softmax(Functional.MatMul(q * scale, k.Transpose(1, 2)), -1), v);
        (o * weights).Sum().Backward();
        return [o.ToArray(), q.Grad!.ToArray(), k.Grad!.ToArray(), v.Grad!.ToArray()];
    }

    [Theory]
    [InlineData(3, 5, 7, 4, 0.35f)]
    [InlineData(6, 33, 40, 8, 0.125f)]
    [InlineData(2, 1, 16, 8, 1f)]
    public void Attention_RandomInputs_MatchesCompositeOutputAndGradients(int b, int t, int s, int d, float scale)
    {
        var fused = Run(true, b, t, s, d, scale);
        var composite = Run(false, b, t, s, d, scale);
        string[] names = ["output", "dq", "dk", "dv"];
        for (var i = 0; i < names.Length; i++)
            Tolerance.AssertClose(fused[i], composite[i], 1e-5, $"attention {names[i]} ({b}×{t}×{s}×{d})");
    }

    [Fact]
    public void Attention_OneVsTwoThreads_BitIdentical()
    {
        var saved = ComputeSettings.Threads;
        try
        {
            ComputeSettings.Threads = 1;
            var one = Run(true, 7, 19, 23, 8, 0.2f);
            ComputeSettings.Threads = 2;
            var two = Run(true, 7, 19, 23, 8, 0.2f);
            for (var i = 0; i < one.Length; i++) Tolerance.AssertBitIdentical(two[i], one[i], $"result {i}");
        }
        finally
        {
            ComputeSettings.Threads = saved;
        }
    }

    [Fact]
    public void Attention_MismatchedShapes_Throws()
    {
        Assert.Throws<ArgumentException>(() => Functional.Attention(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 5, 4), Tensor.Zeros(2, 6, 4), 1f));
    }
}
