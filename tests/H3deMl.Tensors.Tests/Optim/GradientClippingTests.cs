using H3deMl.Tensors.Optim;

namespace H3deMl.Tensors.Tests.Optim;

public sealed class GradientClippingTests
{
    [Fact]
    public void ClipByNorm_StridedGradientInsideScope_ReplacedByScaledContiguousCopy()
    {
        var h = new OptimizerParityTests.Holder([[3, 2]], [[0f, 0f, 0f, 0f, 0f, 0f]]);
        var p = h.Parameters().Single();
        float total;
        using (new TensorScope())
        {
            p.Grad = Tensor.FromArray([3f, 0f, 0f, 4f, 0f, 0f], 2, 3).Permute(1, 0); // a (3, 2) view
            total = GradientClipping.ClipByNorm([p], 1.0);
        }
        Assert.Equal(5f, total);
        Assert.True(p.Grad!.IsContiguous);
        var g = p.Grad.ToArray();
        var c = 1f / (5f + 1e-6f) * 1f;
        Assert.Equal([3f * c, 4f * c, 0f, 0f, 0f, 0f], g);
    }

    [Fact]
    public void ClipByNorm_NoGradients_ReturnsZero()
    {
        var h = new OptimizerParityTests.Holder([[2]], [[1f, 2f]]);
        Assert.Equal(0f, GradientClipping.ClipByNorm(h.Parameters(), 1.0));
    }

    [Fact]
    public void SumOfSquares_AnyLength_MatchesDoubleLoopWithinRounding()
    {
        for (var n = 0; n < 40; n++)
        {
            var x = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i + 1) * 3).ToArray();
            var expected = x.Sum(v => (double)v * v);
            Assert.Equal(expected, GradientClipping.SumOfSquares(x), expected * 1e-15 + 1e-300);
        }
    }
}
