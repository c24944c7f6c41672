using H3deMl.Tensors.Kernels.Operators;

namespace H3deMl.Onnx.Scoring;

/// <summary>
/// erf(x) element-wise: a Taylor series below |x| = 0.5 (so small arguments keep full relative precision), else
/// 1 − erfc(|x|) with the Chebyshev-fitted erfc (relative error below 1.2e-7), evaluated in double.
/// </summary>
internal readonly struct ErfOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d)
    {
        for (var i = 0; i < x.Length; i++) d[i] = (float)Erf(x[i]);
    }

    internal static double Erf(double x)
    {
        var z = Math.Abs(x);
        if (z < 0.5)
        {
            // 2/√π · Σ (−1)^n x^(2n+1) / (n! (2n+1))
            var x2 = x * x;
            var term = x;
            var sum = x;
            for (var n = 1; n < 12; n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            return 1.1283791670955126 * sum;
        }
        var t = 1.0 / (1.0 + 0.5 * z);
        var p = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        var erfc = t * Math.Exp(p);
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
