using H3deMl.Tensors.Autograd;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>Concatenates tensors along <paramref name="axis"/>; all other axes must match.</summary>
    /// <exception cref="ArgumentException">No tensors, different ranks, or a mismatched axis.</exception>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        var first = tensors[0];
        var a = TensorShape.NormalizeAxis(axis, first.Rank);
        var shape = (int[])first.ShapeArray.Clone();
        shape[a] = 0;
        foreach (var t in tensors)
        {
            if (t.Rank != first.Rank) throw new ArgumentException($"Concat: ranks differ ({TensorShape.Format(first.ShapeArray)} vs {TensorShape.Format(t.ShapeArray)}).", nameof(tensors));
            for (var i = 0; i < t.Rank; i++)
                if (i != a && t.ShapeArray[i] != first.ShapeArray[i])
                    throw new ArgumentException($"Concat along axis {a}: shapes {TensorShape.Format(first.ShapeArray)} and {TensorShape.Format(t.ShapeArray)} differ on axis {i}.", nameof(tensors));
            shape[a] += t.ShapeArray[a];
        }
        var y = Tensor.Empty(shape);
        int outer = 1, inner = 1;
        for (var i = 0; i < a; i++) outer *= shape[i];
        for (var i = a + 1; i < shape.Length; i++) inner *= shape[i];
        var dst = y.Storage.Data;
        var offset = 0;
        var inputs = new Tensor[tensors.Count];
        for (var ti = 0; ti < tensors.Count; ti++)
        {
            var t = tensors[ti].Contiguous();
            inputs[ti] = tensors[ti];
            var block = t.ShapeArray[a] * inner;
            var src = t.Storage.Data;
            for (var o = 0; o < outer; o++)
                Array.Copy(src, t.Offset + o * block, dst, y.Offset + o * shape[a] * inner + offset, block);
            offset += block;
        }
        return Tensor.Record(y, new ConcatNode(inputs, a));
    }

    /// <summary>Splits along <paramref name="axis"/> into views of the given sizes (which must add up to the axis size).</summary>
    /// <exception cref="ArgumentException">The sizes do not add up to the axis size.</exception>
    public static Tensor[] Split(Tensor x, int axis, params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(x);
        var a = TensorShape.NormalizeAxis(axis, x.Rank);
        if (sizes.Sum() != x.ShapeArray[a])
            throw new ArgumentException($"Split sizes [{string.Join(", ", sizes)}] do not add up to axis {a} of size {x.ShapeArray[a]}.", nameof(sizes));
        var parts = new Tensor[sizes.Length];
        var start = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            parts[i] = x.Slice(a, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    private sealed class ConcatNode(Tensor[] inputs, int axis) : GradNode(inputs)
    {
        private readonly int[] _sizes = Array.ConvertAll(inputs, t => t.ShapeArray[axis]);

        internal override void Backward(Tensor g, Tensor?[] grads)
        {
            var start = 0;
            for (var i = 0; i < _sizes.Length; i++)
            {
                if (Needs(i)) grads[i] = g.SliceNoGrad(axis, start, _sizes[i]).Contiguous();
                start += _sizes[i];
            }
        }
    }
}
