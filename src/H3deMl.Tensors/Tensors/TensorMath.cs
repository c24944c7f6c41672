using System.Numerics.Tensors;
using H3deMl.Tensors.Kernels;
using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Tensors;

/// <summary>Non-recording helpers used by the autograd engine, nodes and optimisers.</summary>
internal static class TensorMath
{
    internal static Tensor Add(Tensor a, Tensor b) => BinaryKernel.Apply<AddOperator>(a, b);

    /// <summary>dst += src (same shape; dst contiguous).</summary>
    internal static void AddInPlace(Tensor dst, Tensor src)
    {
        if (src.IsContiguous) TensorPrimitives.Add(dst.AsSpan(), src.AsReadOnlySpan(), dst.AsSpan());
        else BinaryKernel.ApplyInto<AddOperator>(dst, src, dst);
    }

    /// <summary>Sums <paramref name="g"/> over the axes that broadcasting expanded, giving a tensor of <paramref name="shape"/>.</summary>
    internal static Tensor SumToShape(Tensor g, ReadOnlySpan<int> shape)
    {
        if (g.Shape.SequenceEqual(shape)) return g;
        var lead = g.Rank - shape.Length;
        var axes = new List<int>();
        for (var i = 0; i < g.Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && g.ShapeArray[i] != 1)) axes.Add(i);
        var summed = Reductions.Sum(g, axes.ToArray(), keepDim: true);
        return summed.ReshapeNoGrad(shape.ToArray());
    }
}
