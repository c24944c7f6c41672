using H3deMl.Tensors.Autograd;

namespace H3deMl.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Constant padding, as PyTorch's F.pad: <paramref name="padding"/> holds (before, after) pairs for the last axes,
    /// last axis first. Amounts must be non-negative (use <see cref="Tensor.Slice"/> to crop).
    /// </summary>
    /// <exception cref="ArgumentException">An odd-length or too long padding list, or a negative amount.</exception>
    public static Tensor Pad(Tensor x, int[] padding, float value = 0f)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(padding);
        if (padding.Length % 2 != 0 || padding.Length / 2 > x.Rank)
            throw new ArgumentException($"Padding needs (before, after) pairs for at most {x.Rank} axes; got {padding.Length} values.", nameof(padding));
        var shape = (int[])x.ShapeArray.Clone();
        var before = new int[x.Rank];
        for (var p = 0; p < padding.Length / 2; p++)
        {
            var ax = x.Rank - 1 - p;
            if (padding[2 * p] < 0 || padding[2 * p + 1] < 0)
                throw new ArgumentException("Negative padding is not supported; crop with Slice instead.", nameof(padding));
            before[ax] = padding[2 * p];
            shape[ax] += padding[2 * p] + padding[2 * p + 1];
        }
        var y = Tensor.Full(value, shape);
        var interior = Interior(y, before, x.ShapeArray);
        var xc = x.Contiguous();
        StridedCopy.Scatter(xc.AsReadOnlySpan(), interior.Storage.Data, interior.Offset, interior.ShapeArray, interior.StridesArray);
        return Tensor.Record(y, new PadNode(x, before));
    }

    private static Tensor Interior(Tensor y, int[] before, int[] size)
    {
        var v = y;
        for (var ax = 0; ax < before.Length; ax++)
            if (before[ax] != 0 || size[ax] != y.ShapeArray[ax]) v = v.SliceNoGrad(ax, before[ax], size[ax]);
        return v;
    }

    private sealed class PadNode(Tensor x, int[] before) : GradNode(x)
    {
        internal override void Backward(Tensor g, Tensor?[] grads) =>
            grads[0] = Interior(g, before, Inputs[0]!.ShapeArray).Contiguous().Detach();
    }
}
