using System.Numerics.Tensors;
using H3deMl.Tensors.Kernels.Isa;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// Scaled dot-product attention O = softmax(s·Q·Kᵀ)·V for a batch of independent (Q, K, V) triples, one batch item
/// at a time per thread, so the T×S probability matrix exists only per item in a scratch buffer. Backward recomputes
/// the probabilities (same operations, same bits) instead of keeping them. Items never share a reduction, so results
/// do not depend on the thread count.
/// </summary>
internal static unsafe class AttentionKernel
{
    /// <summary>q (B, T, d), k and v (B, S, d), o (B, T, d): all contiguous.</summary>
    internal static void Forward(float[] q, float[] k, float[] v, float[] o, int batch, int t, int s, int d, float scale)
    {
        fixed (float* pq = q)
        fixed (float* pk = k)
        fixed (float* pv = v)
        fixed (float* po = o)
            ParallelRange.For(batch, 1, new ForwardItems(KernelIsa.Current, pq, pk, pv, po, t, s, d, scale));
    }

    /// <summary>Gradients dq, dk, dv (overwritten) from dO.</summary>
    internal static void Backward(float[] q, float[] k, float[] v, float[] dout, float[] dq, float[] dk, float[] dv,
        int batch, int t, int s, int d, float scale)
    {
        fixed (float* pq = q)
        fixed (float* pk = k)
        fixed (float* pv = v)
        fixed (float* pg = dout)
        fixed (float* pdq = dq)
        fixed (float* pdk = dk)
        fixed (float* pdv = dv)
            ParallelRange.For(batch, 1, new BackwardItems(KernelIsa.Current, pq, pk, pv, pg, pdq, pdk, pdv, t, s, d, scale));
    }

    /// <summary>P = softmax(rows of (s·q)·kᵀ) into p (T×S); qs receives s·q.</summary>
    private static void Probabilities(SimdWidth w, float* q, float* k, float* qs, float* p, int t, int s, int d, float scale)
    {
        TensorPrimitives.Multiply(new ReadOnlySpan<float>(q, t * d), scale, new Span<float>(qs, t * d));
        Gemm.Run(w, 1, false, true, t, s, d, qs, d, k, d, p, s, accumulate: false);
        for (var r = 0; r < t; r++)
        {
            var row = new Span<float>(p + (long)r * s, s);
            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }

    private readonly struct ForwardItems(SimdWidth w, float* q, float* k, float* v, float* o, int t, int s, int d, float scale)
        : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var p = new float[(long)t * s];
            var qs = new float[t * d];
            fixed (float* pp = p)
            fixed (float* pqs = qs)
                for (var b = start; b < end; b++)
                {
                    long qo = (long)b * t * d, ko = (long)b * s * d;
                    Probabilities(w, q + qo, k + ko, pqs, pp, t, s, d, scale);
                    Gemm.Run(w, 1, false, false, t, d, s, pp, s, v + ko, d, o + qo, d, accumulate: false);
                }
        }
    }

    private readonly struct BackwardItems(SimdWidth w, float* q, float* k, float* v, float* g, float* dq, float* dk, float* dv,
        int t, int s, int d, float scale) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            var p = new float[(long)t * s];
            var dp = new float[(long)t * s];
            var qs = new float[t * d];
            fixed (float* pp = p)
            fixed (float* pdp = dp)
            fixed (float* pqs = qs)
                for (var b = start; b < end; b++)
                {
                    long qo = (long)b * t * d, ko = (long)b * s * d;
                    Probabilities(w, q + qo, k + ko, pqs, pp, t, s, d, scale);
                    // dV = Pᵀ·dO; dP = dO·Vᵀ; dS = P ⊙ (dP − Σ_row dP ⊙ P).
                    Gemm.Run(w, 1, true, false, s, d, t, pp, s, g + qo, d, dv + ko, d, accumulate: false);
                    Gemm.Run(w, 1, false, true, t, s, d, g + qo, d, v + ko, d, pdp, s, accumulate: false);
                    for (var r = 0; r < t; r++)
                    {
                        var pr = new ReadOnlySpan<float>(pp + (long)r * s, s);
                        var dr = new Span<float>(pdp + (long)r * s, s);
                        var dot = TensorPrimitives.Dot(dr, pr);
                        TensorPrimitives.Subtract(dr, dot, dr);
                        TensorPrimitives.Multiply(dr, pr, dr);
                    }
                    // Scores = (s·q)·kᵀ: dq = s·dS·k, dk = dSᵀ·(s·q).
                    Gemm.Run(w, 1, false, false, t, d, s, pdp, s, k + ko, d, dq + qo, d, accumulate: false);
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>(dq + qo, t * d), scale, new Span<float>(dq + qo, t * d));
                    Gemm.Run(w, 1, true, false, s, d, t, pdp, s, pqs, d, dk + ko, d, accumulate: false);
                }
        }
    }
}
