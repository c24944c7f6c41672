namespace H3deMl.Tensors.Tests.Tensors;

/// <summary>Construction, shapes, reshape (with −1), views sharing storage, strides of permute/transpose, slice offsets.</summary>
public sealed class TensorShapeTests
{
    private static float[] Seq(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    [Fact]
    public void Factories_GivenShape_HaveShapeLengthAndValues()
    {
        var z = Tensor.Zeros(2, 3, 4);
        Assert.Equal([2, 3, 4], z.Shape.ToArray());
        Assert.Equal(3, z.Rank);
        Assert.Equal(24, z.Length);
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(5).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Tensor.Full(-2.5f, 1, 7).ToArray(), v => Assert.Equal(-2.5f, v));
        var s = Tensor.Scalar(3f);
        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.Length);
        Assert.Equal(3f, s.Item());
        Assert.Equal(4, z.Size(-1));
        Assert.Equal(0, Tensor.Zeros(3, 0, 2).Length);
    }

    [Fact]
    public void Zeros_LargeAfterHeapChurn_AreAllZero()
    {
        // Large arrays may come from recycled (dirty) memory; Zeros must clear them (regression: it once cleared only
        // pooled buffers, so slice and pad gradients picked up garbage).
        for (var round = 0; round < 8; round++)
        {
            var junk = new List<float[]>();
            for (var i = 0; i < 16; i++)
            {
                var a = GC.AllocateUninitializedArray<float>(1 << 14);
                a.AsSpan().Fill(float.NaN);
                junk.Add(a);
            }
            junk.Clear();
            GC.Collect();
            foreach (var n in new[] { 1 << 10, 1 << 14, (1 << 14) + 3, 1 << 16 })
            {
                var z = Tensor.Zeros(n).ToArray();
                var bad = Array.FindIndex(z, v => BitConverter.SingleToInt32Bits(v) != 0);
                Assert.True(bad < 0, $"Tensor.Zeros({n}) holds {z[Math.Max(bad, 0)]} at [{bad}] (round {round}).");
            }
        }
    }

    [Fact]
    public void FromArray_CopiesData_AndRowMajorIndexing()
    {
        var data = Seq(6);
        var t = Tensor.FromArray(data, 2, 3);
        data[0] = 99f;
        Assert.Equal(0f, t[0, 0]);
        Assert.Equal(5f, t[1, 2]);
        Assert.Equal(3f, t[1, 0]);
    }

    [Fact]
    public void FromArray_WrongLength_ThrowsNamingShapeAndCount()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(Seq(5), 2, 3));
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reshape_MinusOne_InfersTheAxis()
    {
        var t = Tensor.FromArray(Seq(60), 3, 4, 5);
        Assert.Equal([12, 5], t.Reshape(-1, 5).Shape.ToArray());
        Assert.Equal([3, 20], t.Reshape(3, -1).Shape.ToArray());
        Assert.Equal([60], t.Reshape(-1).Shape.ToArray());
        Assert.Equal([2, 3, 10], t.Reshape(2, -1, 10).Shape.ToArray());
        Assert.Equal(Seq(60), t.Reshape(2, -1, 10).ToArray());
    }

    [Fact]
    public void Reshape_Invalid_ThrowsNamingShapes()
    {
        var t = Tensor.Zeros(3, 4);
        var e = Assert.Throws<ArgumentException>(() => t.Reshape(5, -1));
        Assert.Contains("[3, 4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[5, -1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => t.Reshape(-1, -1));
        var e2 = Assert.Throws<ArgumentException>(() => t.Reshape(5, 2));
        Assert.Contains("[5, 2]", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reshape_Contiguous_IsAViewSharingStorage()
    {
        var t = Tensor.FromArray(Seq(6), 2, 3);
        var r = t.Reshape(3, 2);
        Assert.Same(t.Storage, r.Storage);
        r.AsSpan()[5] = 42f;
        Assert.Equal(42f, t[1, 2]);
    }

    [Fact]
    public void Reshape_NonContiguous_CopiesInLogicalOrder()
    {
        var t = Tensor.FromArray(Seq(6), 2, 3);
        var r = t.Transpose(0, 1).Reshape(6);
        Assert.NotSame(t.Storage, r.Storage);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], r.ToArray());
    }

    [Fact]
    public void Permute_ReordersShapeAndStrides_WithoutCopying()
    {
        var t = Tensor.FromArray(Seq(24), 2, 3, 4);
        Assert.Equal([12, 4, 1], t.StridesArray);
        var p = t.Permute(2, 0, 1);
        Assert.Same(t.Storage, p.Storage);
        Assert.Equal([4, 2, 3], p.Shape.ToArray());
        Assert.Equal([1, 12, 4], p.StridesArray);
        Assert.False(p.IsContiguous);
        Assert.Equal(t[1, 2, 3], p[3, 1, 2]);
        var back = p.Permute(1, 2, 0);
        Assert.True(back.IsContiguous);
        Assert.Equal(Seq(24), back.ToArray());
    }

    [Fact]
    public void Transpose_SwapsTwoAxes()
    {
        var t = Tensor.FromArray(Seq(24), 2, 3, 4);
        var tr = t.Transpose(-1, 0);
        Assert.Equal([4, 3, 2], tr.Shape.ToArray());
        Assert.Equal([1, 4, 12], tr.StridesArray);
        Assert.Equal(t[1, 0, 3], tr[3, 0, 1]);
    }

    [Fact]
    public void Permute_Invalid_Throws()
    {
        var t = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentException>(() => t.Permute(0, 0));
        Assert.Throws<ArgumentException>(() => t.Permute(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Permute(0, 2));
    }

    [Fact]
    public void Slice_OffsetsIntoSharedStorage()
    {
        var t = Tensor.FromArray(Seq(24), 2, 3, 4);
        var s = t.Slice(1, 1, 2);
        Assert.Same(t.Storage, s.Storage);
        Assert.Equal(4, s.Offset);
        Assert.Equal([2, 2, 4], s.Shape.ToArray());
        Assert.Equal(t.StridesArray, s.StridesArray);
        Assert.False(s.IsContiguous);
        Assert.Equal([4f, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23], s.ToArray());
        var last = t.Slice(-1, 3, 1);
        Assert.Equal(3, last.Offset);
        Assert.Equal([3f, 7, 11, 15, 19, 23], last.ToArray());
        var outer = t.Slice(0, 1, 1);
        Assert.True(outer.IsContiguous);
        Assert.Equal(12, outer.Offset);
        outer.AsSpan()[0] = -1f;
        Assert.Equal(-1f, t[1, 0, 0]);
    }

    [Fact]
    public void Slice_OutOfRange_ThrowsNamingTheRange()
    {
        var t = Tensor.Zeros(3, 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(1, 3, 2));
        Assert.Contains("[3, 5)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(0, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Slice(2, 0, 1));
    }

    [Fact]
    public void UnsqueezeSqueeze_InsertAndRemoveUnitAxes()
    {
        var t = Tensor.Zeros(3, 4);
        Assert.Equal([1, 3, 4], t.Unsqueeze(0).Shape.ToArray());
        Assert.Equal([3, 4, 1], t.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal([3, 1, 4], t.Unsqueeze(1).Shape.ToArray());
        Assert.Equal([3, 4], t.Unsqueeze(1).Squeeze(1).Shape.ToArray());
        var e = Assert.Throws<ArgumentException>(() => t.Squeeze(0));
        Assert.Contains("size 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsSpan_NonContiguous_Throws_ContiguousCopies()
    {
        var t = Tensor.FromArray(Seq(6), 2, 3).Transpose(0, 1);
        Assert.Throws<InvalidOperationException>(() => t.AsSpan());
        var c = t.Contiguous();
        Assert.True(c.IsContiguous);
        Assert.Equal([0f, 3, 1, 4, 2, 5], c.AsReadOnlySpan().ToArray());
    }

    [Fact]
    public void Clone_HasOwnStorage()
    {
        var t = Tensor.FromArray(Seq(4), 4);
        var c = t.Clone();
        Assert.NotSame(t.Storage, c.Storage);
        c.AsSpan()[0] = 7f;
        Assert.Equal(0f, t[0]);
    }

    [Fact]
    public void Item_OnManyElements_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Contains("[2]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 5 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1, 3 })]
    [InlineData(new[] { 4, 1 }, new[] { 2, 3, 5 })]
    public void Broadcast_IncompatibleShapes_ThrowsNamingBothShapes(int[] a, int[] b)
    {
        var ta = Tensor.Zeros(a);
        var tb = Tensor.Zeros(b);
        var fa = "[" + string.Join(", ", a) + "]";
        var fb = "[" + string.Join(", ", b) + "]";
        foreach (var op in new Func<Tensor, Tensor, Tensor>[] { (x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y })
        {
            var e = Assert.Throws<ArgumentException>(() => op(ta, tb));
            Assert.Contains(fa, e.Message, StringComparison.Ordinal);
            Assert.Contains(fb, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Broadcast_CompatibleShapes_ProduceBroadcastShape()
    {
        Assert.Equal([2, 4, 3], (Tensor.Zeros(2, 1, 3) + Tensor.Zeros(4, 1)).Shape.ToArray());
        Assert.Equal([3, 4], (Tensor.Zeros(3, 4) * Tensor.Scalar(2f)).Shape.ToArray());
        Assert.Equal([0, 4], (Tensor.Zeros(0, 1) + Tensor.Zeros(4)).Shape.ToArray());
    }
}
