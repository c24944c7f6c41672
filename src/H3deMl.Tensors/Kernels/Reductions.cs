using System.Numerics.Tensors;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// Sums over axes without recording. Each output element is accumulated over the reduced axis in index order, so the
/// result depends only on the shapes, not on the thread count.
/// </summary>
internal static class Reductions
{
    internal static Tensor Sum(Tensor x, int[] axes, bool keepDim)
    {
        var rank = x.Rank;
        var reduce = new bool[rank];
        foreach (var a in axes) reduce[TensorShape.NormalizeAxis(a, rank)] = true;
        var cur = x.Contiguous();
        // Reduce one axis at a time, last first, so remaining axis numbers stay valid.
        for (var ax = rank - 1; ax >= 0; ax--)
            if (reduce[ax]) cur = SumAxisKeepDim(cur, ax);
        if (keepDim) return cur;
        var shape = new List<int>();
        for (var i = 0; i < rank; i++) if (!reduce[i]) shape.Add(x.ShapeArray[i]);
        return cur.ReshapeNoGrad(shape.ToArray());
    }

    /// <summary>Sum over one axis of a contiguous tensor, keeping it with size 1.</summary>
    internal static Tensor SumAxisKeepDim(Tensor x, int axis)
    {
        var shape = (int[])x.ShapeArray.Clone();
        var outer = 1;
        for (var i = 0; i < axis; i++) outer *= shape[i];
        var r = shape[axis];
        var inner = 1;
        for (var i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        shape[axis] = 1;
        var result = Tensor.Empty(shape);
        if (outer == 1 && inner > 1)
        {
            // A single (r, inner) slab: split the inner axis across threads.
            var split = new SumAxisInnerSplit(x.Storage.Data, x.Offset, result.Storage.Data, result.Offset, r, inner);
            ParallelRange.For((inner + 1023) / 1024, Math.Max(1, (1 << 15) / Math.Max(r * 1024, 1)), split);
            return result;
        }
        var op = new SumAxisOperation(x.Storage.Data, x.Offset, result.Storage.Data, result.Offset, r, inner);
        ParallelRange.For(outer, Math.Max(1, (1 << 15) / Math.Max(r * inner, 1)), op);
        return result;
    }

    private readonly struct SumAxisOperation(float[] x, int xo, float[] d, int dOff, int r, int inner) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            for (var o = start; o < end; o++)
            {
                var src = xo + o * r * inner;
                if (inner == 1)
                {
                    d[dOff + o] = r == 0 ? 0f : TensorPrimitives.Sum(x.AsSpan(src, r));
                    continue;
                }
                var dst = d.AsSpan(dOff + o * inner, inner);
                if (r == 0) { dst.Clear(); continue; }
                x.AsSpan(src, inner).CopyTo(dst);
                for (var k = 1; k < r; k++) TensorPrimitives.Add(dst, x.AsSpan(src + k * inner, inner), dst);
            }
        }
    }

    private readonly struct SumAxisInnerSplit(float[] x, int xo, float[] d, int dOff, int r, int inner) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var from = start * 1024;
            var len = Math.Min(end * 1024, inner) - from;
            var dst = d.AsSpan(dOff + from, len);
            if (r == 0) { dst.Clear(); return; }
            x.AsSpan(xo + from, len).CopyTo(dst);
            for (var k = 1; k < r; k++) TensorPrimitives.Add(dst, x.AsSpan(xo + k * inner + from, len), dst);
        }
    }
}
