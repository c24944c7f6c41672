using H3deMl.Tensors.Kernels.Operators;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>Applies a unary operator to a tensor in parallel chunks of a fixed size.</summary>
internal static class UnaryKernel
{
    private const int Chunk = 1 << 14;

    internal static Tensor Apply<TOp>(Tensor x, TOp op) where TOp : struct, IUnaryOperator
    {
        var src = x.Contiguous();
        var result = Tensor.Empty(x.ShapeArray);
        Run(src.Storage.Data, src.Offset, result.Storage.Data, result.Offset, x.Length, op);
        return result;
    }

    internal static void Run<TOp>(float[] x, int xOffset, float[] d, int dOffset, int length, TOp op) where TOp : struct, IUnaryOperator
    {
        if (length == 0) return; // some TensorPrimitives operations reject empty spans
        if (length <= Chunk)
        {
            op.Invoke(x.AsSpan(xOffset, length), d.AsSpan(dOffset, length));
            return;
        }
        ParallelRange.For((length + Chunk - 1) / Chunk, 2, new Band<TOp>(x, xOffset, d, dOffset, length, op));
    }

    private readonly struct Band<TOp>(float[] x, int xo, float[] d, int dOff, int length, TOp op) : IRangeOperation
        where TOp : struct, IUnaryOperator
    {
        public void Invoke(int start, int end)
        {
            var from = start * Chunk;
            var to = Math.Min(end * Chunk, length);
            op.Invoke(x.AsSpan(xo + from, to - from), d.AsSpan(dOff + from, to - from));
        }
    }
}
