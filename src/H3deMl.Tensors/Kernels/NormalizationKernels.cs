using System.Numerics.Tensors;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// Normalisation of contiguous rows (LayerNorm: rows = tokens, length = channels; InstanceNorm: rows = (n, c) slices,
/// length = voxels). Statistics are two-pass (mean, then the biased variance of the centred values), accumulated in
/// double over fixed 4,096-element blocks, so results depend only on the shapes.
/// </summary>
internal static class NormalizationKernels
{
    private const int Block = 4096;

    /// <summary>xhat = (x − mean)·rstd per row, then y = xhat·w + b when an affine pair is given (w, b over the row).</summary>
    internal static void Forward(float[] x, int xo, float[] y, int yo, int rows, int length, float eps,
        float[]? w, int wo, float[]? b, int bo, float[] mean, float[] rstd) =>
        ParallelRange.For(rows, Math.Max(1, (1 << 16) / Math.Max(length, 1)), new ForwardRows(x, xo, y, yo, length, eps, w, wo, b, bo, mean, rstd));

    /// <summary>
    /// dx = rstd·(ĝ − mean(ĝ) − xhat·mean(ĝ·xhat)) with ĝ = g·w (or g). Writes dx only.
    /// </summary>
    internal static void BackwardInput(float[] x, int xo, float[] g, int go, float[] dx, int dxo, int rows, int length,
        float[]? w, int wo, float[] mean, float[] rstd, bool xIsNormalized = false) =>
        ParallelRange.For(rows, Math.Max(1, (1 << 16) / Math.Max(length, 1)), new BackwardRows(x, xo, g, go, dx, dxo, length, w, wo, mean, rstd, xIsNormalized));

    /// <summary>
    /// dw = Σ_rows g·xhat and db = Σ_rows g, for an affine pair over the row length: rows are summed in fixed chunks of
    /// 64 whose partial sums are combined in chunk order.
    /// </summary>
    internal static void BackwardAffine(float[] x, int xo, float[] g, int go, int rows, int length, float[] mean, float[] rstd,
        Span<float> dw, Span<float> db)
    {
        const int chunkRows = 64;
        var chunks = (rows + chunkRows - 1) / chunkRows;
        var partialW = new float[chunks * length];
        var partialB = new float[chunks * length];
        ParallelRange.For(chunks, 1, new AffineChunks(x, xo, g, go, rows, length, mean, rstd, partialW, partialB, chunkRows));
        dw.Clear();
        db.Clear();
        for (var c = 0; c < chunks; c++)
        {
            TensorPrimitives.Add(dw, partialW.AsSpan(c * length, length), dw);
            TensorPrimitives.Add(db, partialB.AsSpan(c * length, length), db);
        }
    }

    internal static double BlockSum(ReadOnlySpan<float> v)
    {
        double s = 0;
        for (var i = 0; i < v.Length; i += Block) s += TensorPrimitives.Sum(v.Slice(i, Math.Min(Block, v.Length - i)));
        return s;
    }

    private static double BlockSumSquaredDeviation(ReadOnlySpan<float> v, float mean, Span<float> scratch)
    {
        double s = 0;
        for (var i = 0; i < v.Length; i += Block)
        {
            var n = Math.Min(Block, v.Length - i);
            var t = scratch[..n];
            TensorPrimitives.Subtract(v.Slice(i, n), mean, t);
            s += TensorPrimitives.Dot(t, t);
        }
        return s;
    }

    private static double BlockDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i += Block)
        {
            var n = Math.Min(Block, a.Length - i);
            s += TensorPrimitives.Dot(a.Slice(i, n), b.Slice(i, n));
        }
        return s;
    }

    private readonly struct ForwardRows(float[] x, int xo, float[] y, int yo, int length, float eps,
        float[]? w, int wo, float[]? b, int bo, float[] mean, float[] rstd) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var scratch = new float[Math.Min(Block, Math.Max(length, 1))];
            for (var r = start; r < end; r++)
            {
                var xs = x.AsSpan(xo + r * length, length);
                var ys = y.AsSpan(yo + r * length, length);
                var m = length == 0 ? 0f : (float)(BlockSum(xs) / length);
                var variance = length == 0 ? 0.0 : BlockSumSquaredDeviation(xs, m, scratch) / length;
                var rs = (float)(1.0 / Math.Sqrt(variance + eps));
                mean[r] = m;
                rstd[r] = rs;
                TensorPrimitives.Subtract(xs, m, ys);
                TensorPrimitives.Multiply(ys, rs, ys);
                if (w is not null) TensorPrimitives.Multiply(ys, w.AsSpan(wo, length), ys);
                if (b is not null) TensorPrimitives.Add(ys, b.AsSpan(bo, length), ys);
            }
        }
    }

    private readonly struct BackwardRows(float[] x, int xo, float[] g, int go, float[] dx, int dxo, int length,
        float[]? w, int wo, float[] mean, float[] rstd, bool xIsNormalized) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var scratch = xIsNormalized ? null : new float[length];
            var gh = w is null ? null : new float[length];
            for (var r = start; r < end; r++)
            {
                var xs = x.AsSpan(xo + r * length, length);
                var gs = g.AsSpan(go + r * length, length);
                var ds = dx.AsSpan(dxo + r * length, length);
                ReadOnlySpan<float> xhat = xs;
                if (scratch is not null)
                {
                    TensorPrimitives.Subtract(xs, mean[r], scratch);
                    TensorPrimitives.Multiply(scratch, rstd[r], scratch);
                    xhat = scratch;
                }
                ReadOnlySpan<float> ghat = gs;
                if (gh is not null)
                {
                    TensorPrimitives.Multiply(gs, w!.AsSpan(wo, length), gh);
                    ghat = gh;
                }
                var meanG = (float)(BlockSum(ghat) / length);
                var meanGX = (float)(BlockDot(ghat, xhat) / length);
                // dx = rstd·(ĝ − meanG − xhat·meanGX)
                TensorPrimitives.Multiply(xhat, -meanGX, ds);
                TensorPrimitives.Add(ds, ghat, ds);
                TensorPrimitives.Subtract(ds, meanG, ds);
                TensorPrimitives.Multiply(ds, rstd[r], ds);
            }
        }
    }

    private readonly struct AffineChunks(float[] x, int xo, float[] g, int go, int rows, int length, float[] mean, float[] rstd,
        float[] pw, float[] pb, int chunkRows) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var xhat = new float[length];
            for (var c = start; c < end; c++)
            {
                var w = pw.AsSpan(c * length, length);
                var b = pb.AsSpan(c * length, length);
                var r1 = Math.Min(rows, (c + 1) * chunkRows);
                for (var r = c * chunkRows; r < r1; r++)
                {
                    var gs = g.AsSpan(go + r * length, length);
                    TensorPrimitives.Subtract(x.AsSpan(xo + r * length, length), mean[r], xhat);
                    TensorPrimitives.Multiply(xhat, rstd[r], xhat);
                    TensorPrimitives.FusedMultiplyAdd(gs, xhat, w, w);
                    TensorPrimitives.Add(b, gs, b);
                }
            }
        }
    }
}
