using H3deMl.Tensors.Autograd.Nodes;

namespace H3deMl.Tensors;

public sealed partial class Tensor
{
    /// <summary>The same elements with a new shape; one axis may be −1 (inferred). A view when this tensor is contiguous, else a copy.</summary>
    /// <exception cref="ArgumentException">The new shape holds a different number of elements.</exception>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = ResolveShape(shape);
        return Record(ReshapeNoGrad(resolved), new ReshapeNode(this));
    }

    /// <summary>Inserts an axis of size 1 at <paramref name="axis"/> (negative counts from the end of the result).</summary>
    public Tensor Unsqueeze(int axis)
    {
        var a = TensorShape.NormalizeAxis(axis, Rank + 1);
        var s = new List<int>(ShapeArray);
        s.Insert(a, 1);
        return Reshape(s.ToArray());
    }

    /// <summary>Removes the axis <paramref name="axis"/>, which must have size 1.</summary>
    /// <exception cref="ArgumentException">The axis does not have size 1.</exception>
    public Tensor Squeeze(int axis)
    {
        var a = TensorShape.NormalizeAxis(axis, Rank);
        if (ShapeArray[a] != 1) throw new ArgumentException($"Axis {axis} has size {ShapeArray[a]}, not 1.", nameof(axis));
        var s = new List<int>(ShapeArray);
        s.RemoveAt(a);
        return Reshape(s.ToArray());
    }

    /// <summary>A view with the axes reordered: result axis i is input axis <paramref name="axes"/>[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="axes"/> is not a permutation of 0..Rank−1.</exception>
    public Tensor Permute(params int[] axes)
    {
        if (axes.Length != Rank) throw new ArgumentException($"Permute needs {Rank} axes, got {axes.Length}.", nameof(axes));
        var seen = new bool[Rank];
        var shape = new int[Rank];
        var strides = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            var a = TensorShape.NormalizeAxis(axes[i], Rank);
            if (seen[a]) throw new ArgumentException($"Axis {a} appears twice in the permutation.", nameof(axes));
            seen[a] = true;
            shape[i] = ShapeArray[a];
            strides[i] = StridesArray[a];
        }
        var normalized = new int[Rank];
        for (var i = 0; i < Rank; i++) normalized[i] = TensorShape.NormalizeAxis(axes[i], Rank);
        return Record(new Tensor(Storage, Offset, shape, strides), new PermuteNode(this, normalized));
    }

    /// <summary>A view with two axes swapped.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var p = new int[Rank];
        for (var i = 0; i < Rank; i++) p[i] = i;
        var a = TensorShape.NormalizeAxis(axis0, Rank);
        var b = TensorShape.NormalizeAxis(axis1, Rank);
        (p[a], p[b]) = (p[b], p[a]);
        return Permute(p);
    }

    /// <summary>A view of <paramref name="length"/> elements along <paramref name="axis"/> starting at <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the axis.</exception>
    public Tensor Slice(int axis, int start, int length) =>
        Record(SliceNoGrad(axis, start, length), new SliceNode(this, TensorShape.NormalizeAxis(axis, Rank), start));

    internal Tensor SliceNoGrad(int axis, int start, int length)
    {
        var a = TensorShape.NormalizeAxis(axis, Rank);
        if (start < 0 || length < 0 || start + length > ShapeArray[a])
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) is outside axis {a} of size {ShapeArray[a]}.");
        var shape = (int[])ShapeArray.Clone();
        shape[a] = length;
        return new Tensor(Storage, Offset + start * StridesArray[a], shape, StridesArray);
    }

    /// <summary>A view with a new shape over the same storage (copies first when not contiguous; not recorded).</summary>
    internal Tensor ReshapeNoGrad(int[] shape)
    {
        if (IsContiguous) return new Tensor(Storage, Offset, shape, TensorShape.ContiguousStrides(shape));
        var copy = Empty(ShapeArray);
        CopyStridedTo(copy.AsSpan());
        return new Tensor(copy.Storage, 0, shape, TensorShape.ContiguousStrides(shape));
    }

    private int[] ResolveShape(int[] shape)
    {
        var r = (int[])shape.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < r.Length; i++)
        {
            if (r[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException("Only one axis can be −1.", nameof(shape));
                infer = i;
            }
            else
            {
                known *= r[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new ArgumentException($"Cannot reshape {TensorShape.Format(ShapeArray)} to {TensorShape.Format(shape)}.", nameof(shape));
            r[infer] = (int)(Length / known);
        }
        if (TensorShape.Count(r) != Length)
            throw new ArgumentException($"Cannot reshape {TensorShape.Format(ShapeArray)} ({Length:N0} elements) to {TensorShape.Format(shape)}.", nameof(shape));
        return r;
    }
}
