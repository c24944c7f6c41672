using H3deMl.Tensors.Kernels.Operators;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// Applies a binary operator to two strided tensors with NumPy broadcasting. Axes are collapsed where both operands
/// are laid out alike, so that the innermost run is a dense span (or a broadcast scalar) handed to the vectorised
/// operator.
/// </summary>
internal static class BinaryKernel
{
    private const int MinElementsPerBand = 1 << 15;

    internal static Tensor Apply<TOp>(Tensor a, Tensor b) where TOp : struct, IBinaryOperator
    {
        var outShape = TensorShape.Broadcast(a.Shape, b.Shape);
        var result = Tensor.Empty(outShape);
        ApplyInto<TOp>(a, b, result);
        return result;
    }

    /// <summary>Writes op(a, b) into the contiguous <paramref name="result"/>, whose shape is the broadcast shape.</summary>
    internal static void ApplyInto<TOp>(Tensor a, Tensor b, Tensor result) where TOp : struct, IBinaryOperator
    {
        var rank = result.Rank;
        var shape = new int[rank];
        var sa = new int[rank];
        var sb = new int[rank];
        BroadcastStrides(a, result.ShapeArray, sa);
        BroadcastStrides(b, result.ShapeArray, sb);
        result.ShapeArray.CopyTo(shape, 0);
        var r = Collapse(shape, sa, sb, rank);
        var op = new Band<TOp>(a.Storage.Data, a.Offset, b.Storage.Data, b.Offset, result.Storage.Data, result.Offset,
            shape[..r], sa[..r], sb[..r]);
        if (r == 0)
        {
            result.Storage.Data[result.Offset] = TOp.Invoke(a.Storage.Data[a.Offset], b.Storage.Data[b.Offset]);
            return;
        }
        var inner = shape[r - 1];
        var outer = result.Length / Math.Max(inner, 1);
        if (outer == 1)
        {
            // One long run: split it.
            var chunked = new Chunked<TOp>(op);
            ParallelRange.For((inner + 4095) / 4096, MinElementsPerBand / 4096, chunked);
        }
        else
        {
            ParallelRange.For(outer, Math.Max(1, MinElementsPerBand / Math.Max(inner, 1)), op);
        }
    }

    private static void BroadcastStrides(Tensor t, int[] outShape, int[] strides)
    {
        var lead = outShape.Length - t.Rank;
        for (var i = 0; i < outShape.Length; i++)
        {
            if (i < lead) { strides[i] = 0; continue; }
            var d = t.ShapeArray[i - lead];
            strides[i] = d == 1 ? 0 : t.StridesArray[i - lead];
        }
    }

    /// <summary>Merges adjacent axes that both operands traverse uniformly; drops size-1 axes. Returns the new rank.</summary>
    private static int Collapse(int[] shape, int[] sa, int[] sb, int rank)
    {
        var n = 0;
        for (var i = 0; i < rank; i++)
        {
            if (shape[i] == 1) continue;
            if (n > 0 && sa[n - 1] == sa[i] * shape[i] && sb[n - 1] == sb[i] * shape[i])
            {
                shape[n - 1] *= shape[i];
                sa[n - 1] = sa[i];
                sb[n - 1] = sb[i];
                continue;
            }
            shape[n] = shape[i];
            sa[n] = sa[i];
            sb[n] = sb[i];
            n++;
        }
        return n;
    }

    private readonly struct Band<TOp>(float[] a, int ao, float[] b, int bo, float[] d, int doff, int[] shape, int[] sa, int[] sb)
        : IRangeOperation where TOp : struct, IBinaryOperator
    {
        public void Invoke(int start, int end)
        {
            var r = shape.Length;
            var inner = shape[r - 1];
            for (var o = start; o < end; o++)
            {
                // Offsets of run o from its multi-index over the outer axes.
                int ia = ao, ib = bo, rem = o;
                for (var ax = r - 2; ax >= 0; ax--)
                {
                    var idx = rem % shape[ax];
                    rem /= shape[ax];
                    ia += idx * sa[ax];
                    ib += idx * sb[ax];
                }
                RunInner(ia, ib, doff + o * inner, 0, inner);
            }
        }

        internal void RunInner(int ia, int ib, int id, int from, int count)
        {
            var r = shape.Length;
            int ja = sa[r - 1], jb = sb[r - 1];
            var dst = d.AsSpan(id + from, count);
            if (ja == 1 && jb == 1) TOp.Invoke(a.AsSpan(ia + from, count), b.AsSpan(ib + from, count), dst);
            else if (ja == 1 && jb == 0) TOp.Invoke(a.AsSpan(ia + from, count), b[ib], dst);
            else if (ja == 0 && jb == 1) TOp.Invoke(a[ia], b.AsSpan(ib + from, count), dst);
            else
                for (var i = 0; i < count; i++)
                    dst[i] = TOp.Invoke(a[ia + (from + i) * ja], b[ib + (from + i) * jb]);
        }

        internal int AOffset => ao;
        internal int BOffset => bo;
        internal int DOffset => doff;
        internal int Inner => shape[^1];
    }

    private readonly struct Chunked<TOp>(Band<TOp> band) : IRangeOperation where TOp : struct, IBinaryOperator
    {
        public void Invoke(int start, int end)
        {
            var from = start * 4096;
            var to = Math.Min(end * 4096, band.Inner);
            band.RunInner(band.AOffset, band.BOffset, band.DOffset, from, to - from);
        }
    }
}
