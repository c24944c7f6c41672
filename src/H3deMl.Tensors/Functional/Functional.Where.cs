using H3deMl.Tensors.Autograd;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>Element-wise choice with broadcasting: a where condition ≠ 0, else b. Gradients flow to the chosen side only.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = TensorShape.Broadcast(TensorShape.Broadcast(condition.Shape, a.Shape), b.Shape);
        var c = BroadcastTo(condition, shape).AsReadOnlySpan();
        var av = BroadcastTo(a, shape).AsReadOnlySpan();
        var bv = BroadcastTo(b, shape).AsReadOnlySpan();
        var y = Tensor.Empty(shape);
        var d = y.AsSpan();
        for (var i = 0; i < d.Length; i++) d[i] = c[i] != 0f ? av[i] : bv[i];
        return Tensor.Record(y, new WhereNode(condition, a, b, shape));
    }

    /// <summary>A contiguous copy of <paramref name="t"/> expanded to <paramref name="shape"/> (not recorded).</summary>
    internal static Tensor BroadcastTo(Tensor t, int[] shape)
    {
        if (t.Shape.SequenceEqual(shape) && t.IsContiguous) return t;
        var strides = new int[shape.Length];
        var lead = shape.Length - t.Rank;
        for (var i = lead; i < shape.Length; i++)
            strides[i] = t.ShapeArray[i - lead] == 1 ? 0 : t.StridesArray[i - lead];
        var r = Tensor.Empty(shape);
        StridedCopy.Gather(t.Storage.Data, t.Offset, shape, strides, r.AsSpan());
        return r;
    }

    private sealed class WhereNode(Tensor condition, Tensor a, Tensor b, int[] shape) : GradNode(null, a, b)
    {
        private Tensor? _condition = Save(condition);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var c = BroadcastTo(_condition!, shape).AsReadOnlySpan();
            var gc = g.Contiguous().AsReadOnlySpan();
            if (Needs(1))
            {
                var ga = Tensor.Empty(shape);
                var d = ga.AsSpan();
                for (var i = 0; i < d.Length; i++) d[i] = c[i] != 0f ? gc[i] : 0f;
                grads[1] = TensorMath.SumToShape(ga, Inputs[1]!.ShapeArray);
            }
            if (Needs(2))
            {
                var gb = Tensor.Empty(shape);
                var d = gb.AsSpan();
                for (var i = 0; i < d.Length; i++) d[i] = c[i] != 0f ? 0f : gc[i];
                grads[2] = TensorMath.SumToShape(gb, Inputs[2]!.ShapeArray);
            }
        }

        internal override void Release() => _condition = Unsave(_condition);
    }
}
