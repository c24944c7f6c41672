using H3deMl.Tensors.Autograd;
using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Autograd;

/// <summary>How the tape behaves: accumulation, no-grad scopes, detaching, broadcasting, reuse and views.</summary>
public sealed class AutogradBehaviourTests
{
    private static Tensor Leaf(float[] data, params int[] shape)
    {
        var t = Tensor.FromArray(data, shape);
        t.RequiresGrad = true;
        return t;
    }

    private static float[] Seq(int n, float start = 1f, float step = 1f) => Enumerable.Range(0, n).Select(i => start + i * step).ToArray();

    private static void AssertValues(float[] expected, Tensor? actual, string what)
    {
        Assert.True(actual is not null, $"{what} is null");
        Tolerance.AssertAllClose(actual!.ToArray(), expected, actual.Shape, Tolerance.ExactRtol, 1e-6, what);
    }

    [Fact]
    public void Backward_CalledOnTwoGraphs_AccumulatesIntoGrad()
    {
        var x = Leaf([1f, -2f, 3f], 3);
        (x * x).Sum().Backward();
        AssertValues([2f, -4f, 6f], x.Grad, "grad after the first backward");
        (x * 3f).Sum().Backward();
        AssertValues([5f, -1f, 9f], x.Grad, "grad after the second backward");
    }

    [Fact]
    public void Grad_ResetToNull_StartsFresh()
    {
        var x = Leaf([1f, 2f], 2);
        (x * 2f).Sum().Backward();
        x.Grad = null;
        (x * 5f).Sum().Backward();
        AssertValues([5f, 5f], x.Grad, "grad after reset");
    }

    [Fact]
    public void NoGrad_InsideScope_RecordsNothing()
    {
        var x = Leaf([1f, 2f, 3f], 3);
        Tensor y;
        using (GradMode.NoGrad())
        {
            Assert.False(GradMode.IsEnabled);
            y = Functional.Sigmoid(x * x + 1f).Sum();
        }
        Assert.True(GradMode.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("does not require a gradient", e.Message, StringComparison.Ordinal);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void NoGrad_NestedScopes_ReenableOnlyAfterOutermost()
    {
        var x = Leaf([1f], 1);
        using (GradMode.NoGrad())
        {
            using (GradMode.NoGrad()) Assert.False((x * 2f).RequiresGrad);
            Assert.False(GradMode.IsEnabled);
            Assert.False((x * 2f).RequiresGrad);
        }
        Assert.True((x * 2f).RequiresGrad);
    }

    [Fact]
    public void NoGrad_OtherThread_IsUnaffected()
    {
        var x = Leaf([1f], 1);
        using (GradMode.NoGrad())
        {
            var recorded = false;
            var thread = new Thread(() => recorded = (x * 2f).RequiresGrad);
            thread.Start();
            thread.Join();
            Assert.True(recorded, "a no-grad scope on one thread must not switch off recording on another");
        }
    }

    [Fact]
    public void Detach_InProduct_StopsGradientThroughThatFactor()
    {
        var x = Leaf([1f, -2f, 3f], 3);
        (x.Detach() * x).Sum().Backward();
        AssertValues([1f, -2f, 3f], x.Grad, "grad of x·detach(x)");
    }

    [Fact]
    public void Detach_SharesStorageAndIsALeaf()
    {
        var x = Leaf([1f, 2f], 2);
        var y = x * 2f;
        var d = y.Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        d.AsSpan()[0] = 42f;
        Assert.Equal(42f, y[0]);
    }

    [Fact]
    public void Broadcast_Add_GradientsReduceToInputShapes()
    {
        var a = Leaf(Seq(15), 3, 1, 5);
        var b = Leaf([1f, 2f, 3f, 4f], 4, 1);
        var y = a + b; // (3, 4, 5)
        Assert.Equal([3, 4, 5], y.Shape.ToArray());
        y.Sum().Backward();
        Assert.Equal([3, 1, 5], a.Grad!.Shape.ToArray());
        Assert.Equal([4, 1], b.Grad!.Shape.ToArray());
        AssertValues(Enumerable.Repeat(4f, 15).ToArray(), a.Grad, "grad of a");
        AssertValues(Enumerable.Repeat(15f, 4).ToArray(), b.Grad, "grad of b");
    }

    [Fact]
    public void Broadcast_MulWithRank0_GradientIsSumOfProducts()
    {
        var a = Leaf([1f, 2f, 3f, 4f], 2, 2);
        var s = Leaf([3f]);
        Assert.Equal(0, s.Rank);
        (a * s).Backward(Tensor.FromArray([1f, 1f, 2f, 0.5f], 2, 2));
        AssertValues([3f, 3f, 6f, 1.5f], a.Grad, "grad of a");
        Assert.Equal(0, s.Grad!.Rank);
        AssertValues([1f + 2f + 6f + 2f], s.Grad, "grad of the rank-0 factor");
    }

    [Fact]
    public void Broadcast_DivBothSides_GradientsMatchClosedForm()
    {
        var a = Leaf([1f, 2f, 3f], 3, 1);
        var b = Leaf([2f, 4f], 1, 2);
        (a / b).Sum().Backward();
        AssertValues([0.75f, 0.75f, 0.75f], a.Grad, "d/da Σ a/b = Σ_j 1/b_j");
        AssertValues([-6f / 4f, -6f / 16f], b.Grad, "d/db Σ a/b = −Σ_i a_i / b²");
    }

    [Fact]
    public void TensorUsedTwice_GradientIsTheSumOfBothPaths()
    {
        var x = Leaf([1f, 2f, -3f], 3);
        (x * x + x).Sum().Backward();
        AssertValues([3f, 5f, -5f], x.Grad, "grad of x² + x");
    }

    [Fact]
    public void IntermediateUsedTwice_GradientAccumulatesBeforePropagating()
    {
        var x = Leaf([1f, 2f], 2);
        var h = x.Exp();
        (h * h + h * 2f).Sum().Backward();
        var expected = new[] { 1f, 2f }.Select(v => 2 * MathF.Exp(2 * v) + 2 * MathF.Exp(v)).ToArray();
        Tolerance.AssertAllClose(x.Grad!.ToArray(), expected, [2], Tolerance.ApproxRtol, what: "grad of e^2x + 2e^x");
    }

    [Fact]
    public void Slice_Gradient_LandsOnlyInTheSlicedRange()
    {
        var x = Leaf(Seq(12), 3, 4);
        x.Slice(1, 1, 2).Backward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2));
        AssertValues([0, 1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0], x.Grad, "grad of x[:, 1:3]");
    }

    [Fact]
    public void OverlappingSlices_GradientsAdd()
    {
        var x = Leaf(Seq(5), 5);
        (x.Slice(0, 0, 3) + x.Slice(0, 2, 3) * 2f).Sum().Backward();
        AssertValues([1, 1, 3, 2, 2], x.Grad, "grad of x[0:3] + 2·x[2:5]");
    }

    [Fact]
    public void Permute_Gradient_IsPermutedBack()
    {
        var x = Leaf(Seq(6), 2, 3);
        var w = Tensor.FromArray(Seq(6, 10f), 3, 2);
        (x.Permute(1, 0) * w).Sum().Backward();
        // x.Grad[i, j] = w[j, i]
        AssertValues([10, 12, 14, 11, 13, 15], x.Grad, "grad through permute");
    }

    [Fact]
    public void Reshape_OfPermutedView_RoutesGradientToOriginalPositions()
    {
        var x = Leaf(Seq(6), 2, 3);
        var y = x.Transpose(0, 1).Reshape(6); // [x00, x10, x01, x11, x02, x12]
        y.Backward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 6));
        AssertValues([1, 3, 5, 2, 4, 6], x.Grad, "grad through transpose + reshape");
    }

    [Fact]
    public void UnsqueezeSqueeze_Gradient_KeepsLeafShape()
    {
        var x = Leaf(Seq(3), 3);
        (x.Unsqueeze(0).Unsqueeze(-1) * 2f).Squeeze(0).Squeeze(-1).Sum().Backward();
        Assert.Equal([3], x.Grad!.Shape.ToArray());
        AssertValues([2, 2, 2], x.Grad, "grad through unsqueeze/squeeze");
    }

    [Fact]
    public void CloneAndContiguous_AreDifferentiable()
    {
        var x = Leaf(Seq(6), 2, 3);
        var c = x.Transpose(0, 1).Contiguous();
        Assert.True(c.IsContiguous);
        (c.Clone() * 3f).Sum().Backward();
        AssertValues(Enumerable.Repeat(3f, 6).ToArray(), x.Grad, "grad through contiguous + clone");
    }

    [Fact]
    public void Backward_NonScalarWithoutGradient_Throws()
    {
        var x = Leaf([1f, 2f], 2);
        var e = Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
        Assert.Contains("[2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backward_GradientOfWrongShape_ThrowsNamingBothShapes()
    {
        var x = Leaf([1f, 2f, 3f, 4f], 2, 2);
        var e = Assert.Throws<ArgumentException>(() => (x * 2f).Backward(Tensor.Ones(4)));
        Assert.Contains("[4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backward_InputNotRequiringGrad_GetsNoGrad()
    {
        var x = Leaf([1f, 2f], 2);
        var c = Tensor.FromArray([3f, 4f], 2);
        (x * c).Sum().Backward();
        Assert.Null(c.Grad);
        AssertValues([3f, 4f], x.Grad, "grad of x");
    }

    [Fact]
    public void Backward_IntermediateTensors_KeepNoGrad()
    {
        var x = Leaf([1f, 2f], 2);
        var h = x * 2f;
        h.Sum().Backward();
        Assert.False(h.IsLeaf);
        Assert.Null(h.Grad);
    }

    [Fact]
    public void RequiresGrad_ClearedOnNonLeaf_Throws()
    {
        var y = Leaf([1f], 1) * 2f;
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void Backward_LongChain_DoesNotOverflowTheStack()
    {
        var x = Leaf([1f], 1);
        var y = x;
        for (var i = 0; i < 20_000; i++) y = y + 0f;
        y.Sum().Backward();
        AssertValues([1f], x.Grad, "grad after 20,000 additions");
    }
}
