using H3deMl.TestKit;

namespace H3deMl.Tensors.Tests.Tensors;

/// <summary>
/// Element-wise ops on every length 0..256 (every SIMD remainder on every vector width) against a scalar loop, for
/// dense, broadcast-scalar and non-contiguous operands.
/// </summary>
/// <remarks>
/// IEEE operations (+, −, ×, ÷, negation, abs, max/min) must match the scalar loop bit for bit; transcendental
/// functions may use vector approximations and are held to 4e-6 relative (a few float32 ulps) plus 1e-7·scale.
/// </remarks>
public sealed class ElementwiseLengthTests
{
    private const double TranscendentalRtol = 4e-6;

    public static TheoryData<string> BinaryOps => new() { "add", "sub", "mul", "div" };

    public static TheoryData<string> UnaryOps => new()
    {
        "neg", "abs", "relu", "leaky_relu", "clamp", "square", "add_scalar", "mul_scalar", "rsub_scalar", "rdiv_scalar",
        "exp", "log", "sqrt", "pow_1_5", "sigmoid", "tanh", "gelu",
    };

    private static float[] Data(int n, int seed, bool positive)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => positive ? (float)(0.1 + 3 * r.NextDouble()) : (float)(r.NextDouble() * 6 - 3)).ToArray();
    }

    private static (Func<Tensor, Tensor, Tensor> Op, Func<float, float, float> Scalar) Binary(string op) => op switch
    {
        "add" => ((a, b) => a + b, (a, b) => a + b),
        "sub" => ((a, b) => a - b, (a, b) => a - b),
        "mul" => ((a, b) => a * b, (a, b) => a * b),
        "div" => ((a, b) => a / b, (a, b) => a / b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static (Func<Tensor, Tensor> Op, Func<float, float> Scalar, bool Exact, bool Positive) Unary(string op) => op switch
    {
        "neg" => (t => -t, v => -v, true, false),
        "abs" => (t => t.Abs(), MathF.Abs, true, false),
        "relu" => (Functional.Relu, v => v > 0 ? v : 0f, true, false),
        "leaky_relu" => (t => Functional.LeakyRelu(t, 0.2f), v => v > 0 ? v : 0.2f * v, true, false),
        "clamp" => (t => t.Clamp(-0.5f, 0.75f), v => Math.Clamp(v, -0.5f, 0.75f), true, false),
        "square" => (t => t.Square(), v => v * v, true, false),
        "add_scalar" => (t => t + 1.25f, v => v + 1.25f, true, false),
        "mul_scalar" => (t => t * -3f, v => v * -3f, true, false),
        "rsub_scalar" => (t => 2f - t, v => 2f - v, true, false),
        "rdiv_scalar" => (t => 3f / t, v => 3f / v, true, true),
        "exp" => (t => t.Exp(), MathF.Exp, false, false),
        "log" => (t => t.Log(), MathF.Log, false, true),
        "sqrt" => (t => t.Sqrt(), MathF.Sqrt, true, true),
        "pow_1_5" => (t => t.Pow(1.5f), v => (float)Math.Pow(v, 1.5), false, true),
        "sigmoid" => (Functional.Sigmoid, v => (float)(1 / (1 + Math.Exp(-v))), false, false),
        "tanh" => (Functional.Tanh, v => (float)Math.Tanh(v), false, false),
        "gelu" => (Functional.Gelu, v => (float)(0.5 * v * (1 + Erf(v / Math.Sqrt(2)))), false, false),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BinaryOp_EveryLength0To256_MatchesScalarLoopBitForBit(string op)
    {
        var (f, s) = Binary(op);
        for (var n = 0; n <= 256; n++)
        {
            var a = Data(n, n, false);
            var b = Data(n, n + 1000, op == "div");
            var expected = a.Select((v, i) => s(v, b[i])).ToArray();
            Tolerance.AssertBitIdentical(f(Tensor.FromArray(a, n), Tensor.FromArray(b, n)).ToArray(), expected, $"{op}, length {n}, dense");

            var sc = Tensor.FromArray([b.Length > 0 ? b[0] : 1.5f]);
            var expectedScalar = a.Select(v => s(v, b.Length > 0 ? b[0] : 1.5f)).ToArray();
            Tolerance.AssertBitIdentical(f(Tensor.FromArray(a, n), sc).ToArray(), expectedScalar, $"{op}, length {n}, rank-0 right operand");
            var expectedScalarLeft = a.Select(v => s(b.Length > 0 ? b[0] : 1.5f, op == "div" ? v + 10f : v)).ToArray();
            var aShifted = op == "div" ? a.Select(v => v + 10f).ToArray() : a;
            Tolerance.AssertBitIdentical(f(sc, Tensor.FromArray(aShifted, n)).ToArray(), expectedScalarLeft, $"{op}, length {n}, rank-0 left operand");

            // (2, n) ∘ (n): two rows with a broadcast trailing operand; and a transposed (n, 2) view as the left operand.
            var rows = Data(2 * n, n + 2000, false);
            var expectedRows = rows.Select((v, i) => s(v, b[i % Math.Max(n, 1)])).ToArray();
            Tolerance.AssertBitIdentical(f(Tensor.FromArray(rows, 2, n), Tensor.FromArray(b, n)).ToArray(), expectedRows, $"{op}, length {n}, trailing broadcast");
            var view = Tensor.FromArray(rows, n, 2).Transpose(0, 1); // view[r, i] = rows[i * 2 + r]
            var expectedView = new float[2 * n];
            for (var r = 0; r < 2; r++)
                for (var i = 0; i < n; i++) expectedView[r * n + i] = s(rows[i * 2 + r], b[i]);
            Tolerance.AssertBitIdentical(f(view, Tensor.FromArray(b, n)).ToArray(), expectedView, $"{op}, length {n}, non-contiguous left operand");
        }
    }

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryOp_EveryLength0To256_MatchesScalarLoop(string op)
    {
        var (f, s, exact, positive) = Unary(op);
        for (var n = 0; n <= 256; n++)
        {
            var a = Data(n, n + 3000, positive);
            if (!positive && n > 3) a[n / 2] = 0f;
            var expected = a.Select(s).ToArray();
            Check(f(Tensor.FromArray(a, n)).ToArray(), expected, exact, $"{op}, length {n}, dense");
            var view = Tensor.FromArray(a, n, 1).Transpose(0, 1).Slice(0, 0, 1);
            Check(f(view).ToArray(), expected, exact, $"{op}, length {n}, view");
            var strided = Tensor.FromArray(a.Concat(a).ToArray(), 2, n).Transpose(0, 1); // (n, 2) non-contiguous
            var expectedStrided = new float[2 * n];
            for (var i = 0; i < n; i++) { expectedStrided[2 * i] = expected[i]; expectedStrided[2 * i + 1] = expected[i]; }
            Check(f(strided).ToArray(), expectedStrided, exact, $"{op}, length {n}, non-contiguous");
        }
    }

    private static void Check(float[] actual, float[] expected, bool exact, string what)
    {
        if (exact) Tolerance.AssertBitIdentical(actual, expected, what);
        else Tolerance.AssertAllClose(actual, expected, [], TranscendentalRtol, Math.Max(1e-30, 1e-7 * expected.Select(MathF.Abs).DefaultIfEmpty(0f).Max()), what);
    }

    // Abramowitz–Stegun 7.1.26 is not accurate enough; use the series/continued fraction in double.
    private static double Erf(double x)
    {
        var ax = Math.Abs(x);
        double r;
        if (ax < 2.5)
        {
            // Taylor series: erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double sum = 0, term = ax;
            for (var n = 0; n < 60; n++)
            {
                sum += term / (2 * n + 1);
                term *= -ax * ax / (n + 1);
            }
            r = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // Continued fraction for erfc.
            double f = 0;
            for (var k = 60; k >= 1; k--) f = k / 2.0 / (ax + f);
            r = 1 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }
}
