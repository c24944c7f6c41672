using System.Numerics.Tensors;
using H3deMl.Tensors.Threading;

namespace H3deMl.Tensors.Kernels;

/// <summary>
/// Exact (erf) GELU and its derivative. Φ(x) = 1 − ½·erfc(x/√2) for x ≥ 0 and ½·erfc(|x|/√2) otherwise, with erfc
/// from the Chebyshev-fitted form t·exp(−z² + P(t)), t = 1/(1 + z/2), whose relative error is below 1.2e-7 everywhere,
/// so the tails keep full relative precision.
/// </summary>
internal static class GeluKernel
{
    private const int Chunk = 1024;
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    // Coefficients of P(t), highest power first (the published Chebyshev fit for erfc).
    private static readonly float[] s_coefficients =
        [0.17087277f, -0.82215223f, 1.48851587f, -1.13520398f, 0.27886807f, -0.18628806f, 0.09678418f, 0.37409196f, 1.00002368f, -1.26551223f];

    /// <summary>y = x·Φ(x).</summary>
    internal static void Forward(float[] x, int xo, float[] y, int yo, int length) =>
        ParallelRange.For((length + Chunk - 1) / Chunk, 16, new ForwardBand(x, xo, y, yo, length));

    /// <summary>dx = g·(Φ(x) + x·φ(x)).</summary>
    internal static void Backward(float[] x, int xo, float[] g, int go, float[] dx, int dxo, int length) =>
        ParallelRange.For((length + Chunk - 1) / Chunk, 16, new BackwardBand(x, xo, g, go, dx, dxo, length));

    /// <summary>Writes Φ(x) for a chunk into <paramref name="cdf"/>, using <paramref name="t"/> as scratch.</summary>
    private static void Cdf(ReadOnlySpan<float> x, Span<float> cdf, Span<float> t)
    {
        // z = |x|/√2 (into cdf), t = 1/(1 + z/2)
        TensorPrimitives.Abs(x, cdf);
        TensorPrimitives.Multiply(cdf, InvSqrt2, cdf);
        TensorPrimitives.Multiply(cdf, 0.5f, t);
        TensorPrimitives.Add(t, 1f, t);
        TensorPrimitives.Divide(1f, t, t);
        // arg = −z² + P(t): Horner in place, reusing the cdf buffer for the accumulator after saving −z².
        Span<float> negZ2 = stackalloc float[Chunk];
        negZ2 = negZ2[..x.Length];
        TensorPrimitives.Multiply(cdf, cdf, negZ2);
        TensorPrimitives.Negate(negZ2, negZ2);
        cdf.Fill(s_coefficients[0]);
        for (var i = 1; i < s_coefficients.Length; i++) TensorPrimitives.FusedMultiplyAdd(cdf, t, s_coefficients[i], cdf);
        TensorPrimitives.Add(cdf, negZ2, cdf);
        TensorPrimitives.Exp(cdf, cdf);
        TensorPrimitives.Multiply(cdf, t, cdf); // erfc(z)
        for (var i = 0; i < x.Length; i++)
        {
            var half = 0.5f * cdf[i];
            cdf[i] = x[i] >= 0f ? 1f - half : half;
        }
    }

    private readonly struct ForwardBand(float[] x, int xo, float[] y, int yo, int length) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            Span<float> t = stackalloc float[Chunk];
            for (var c = start; c < end; c++)
            {
                var from = c * Chunk;
                var n = Math.Min(Chunk, length - from);
                var xs = x.AsSpan(xo + from, n);
                var ys = y.AsSpan(yo + from, n);
                Cdf(xs, ys, t[..n]);
                TensorPrimitives.Multiply(xs, ys, ys);
            }
        }
    }

    private readonly struct BackwardBand(float[] x, int xo, float[] g, int go, float[] dx, int dxo, int length) : IRangeOperation
    {
        public void Invoke(int start, int end)
        {
            Span<float> t = stackalloc float[Chunk];
            Span<float> pdf = stackalloc float[Chunk];
            for (var c = start; c < end; c++)
            {
                var from = c * Chunk;
                var n = Math.Min(Chunk, length - from);
                var xs = x.AsSpan(xo + from, n);
                var ds = dx.AsSpan(dxo + from, n);
                var p = pdf[..n];
                Cdf(xs, ds, t[..n]);
                // φ(x) = e^(−x²/2)/√(2π); derivative = Φ + x·φ
                TensorPrimitives.Multiply(xs, xs, p);
                TensorPrimitives.Multiply(p, -0.5f, p);
                TensorPrimitives.Exp(p, p);
                TensorPrimitives.Multiply(p, InvSqrt2Pi, p);
                TensorPrimitives.FusedMultiplyAdd(xs, p, ds, ds);
                TensorPrimitives.Multiply(ds, g.AsSpan(go + from, n), ds);
            }
        }
    }
}
