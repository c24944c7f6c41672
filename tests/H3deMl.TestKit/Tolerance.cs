using System.Globalization;
using Xunit.Sdk;

namespace H3deMl.TestKit;

/// <summary>
/// Compares computed values with a reference (usually accumulated in double precision), with a tolerance relative to
/// the magnitude of the data, and reports the largest absolute and relative errors and where they occur.
/// </summary>
public static class Tolerance
{
    /// <summary>The outcome of a comparison.</summary>
    /// <param name="MaxAbsError">The largest |actual − expected|.</param>
    /// <param name="MaxAbsIndex">Where <paramref name="MaxAbsError"/> occurs (−1 when empty).</param>
    /// <param name="MaxRelError">The largest |actual − expected| / max(|expected|, scale).</param>
    /// <param name="MaxRelIndex">Where <paramref name="MaxRelError"/> occurs (−1 when empty).</param>
    /// <param name="Scale">The magnitude the relative error is floored at.</param>
    public readonly record struct Report(double MaxAbsError, int MaxAbsIndex, double MaxRelError, int MaxRelIndex, double Scale)
    {
        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"max abs error {MaxAbsError:G4} at [{MaxAbsIndex}], max rel error {MaxRelError:G4} at [{MaxRelIndex}] (scale {Scale:G4})");
    }

    /// <summary>
    /// Measures the errors of <paramref name="actual"/> against <paramref name="expected"/>. The relative error of each
    /// element divides by max(|expected|, <paramref name="scaleFraction"/> · RMS(expected)), so that values that
    /// cancel to nearly zero are judged against the magnitude of the data rather than against themselves.
    /// </summary>
    public static Report Measure(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double scaleFraction = 1.0)
    {
        if (actual.Length != expected.Length)
            throw new XunitException($"Length mismatch: actual {actual.Length}, expected {expected.Length}.");
        double sumSq = 0;
        foreach (var e in expected) sumSq += e * e;
        var rms = expected.Length == 0 ? 0 : Math.Sqrt(sumSq / expected.Length);
        var scale = Math.Max(rms * scaleFraction, double.Epsilon);
        double maxAbs = 0, maxRel = 0;
        int absAt = -1, relAt = -1;
        for (var i = 0; i < actual.Length; i++)
        {
            var diff = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            var rel = diff / Math.Max(Math.Abs(expected[i]), scale);
            if (diff > maxAbs || absAt < 0) { maxAbs = diff; absAt = i; }
            if (rel > maxRel || relAt < 0) { maxRel = rel; relAt = i; }
        }
        return new Report(maxAbs, absAt, maxRel, relAt, scale);
    }

    /// <summary>Fails the test when the largest relative error (see <see cref="Measure"/>) exceeds <paramref name="relTolerance"/>.</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double relTolerance,
        string? context = null, double scaleFraction = 1.0)
    {
        var r = Measure(actual, expected, scaleFraction);
        if (r.MaxRelError > relTolerance)
        {
            var at = r.MaxRelIndex;
            throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                $"{context}: {r}; at [{at}] actual {actual[at]:G9}, expected {expected[at]:G9}; tolerance {relTolerance:G3}."));
        }
    }

    /// <summary>As <see cref="AssertClose(ReadOnlySpan{float}, ReadOnlySpan{double}, double, string?, double)"/> with a float reference.</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double relTolerance,
        string? context = null, double scaleFraction = 1.0)
    {
        var e = new double[expected.Length];
        for (var i = 0; i < e.Length; i++) e[i] = expected[i];
        AssertClose(actual, e, relTolerance, context, scaleFraction);
    }

    /// <summary>Fails unless both spans hold bit-identical floats, reporting the first difference.</summary>
    public static void AssertBitIdentical(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string? context = null)
    {
        if (actual.Length != expected.Length)
            throw new XunitException($"{context}: length mismatch: {actual.Length} vs {expected.Length}.");
        for (var i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{context}: first difference at [{i}]: {actual[i]:G9} vs {expected[i]:G9}."));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Element-wise isclose with a report of the worst element (used by the PyTorch parity tests).
    //
    // An element passes when |actual − expected| ≤ atol + rtol·|expected| (NumPy's isclose; expected is the oracle).
    // NaN passes only against NaN and an infinity only against the same infinity. With no atol given, ScaledAtol is
    // used: AtolFraction·rtol·max|expected|. A purely relative test is too strict for elements that are small only
    // because of cancellation (a convolution output near zero, a normalisation gradient): their float32 rounding error
    // is proportional to the terms that cancelled, which the tensor's largest magnitude bounds. The fraction 0.1 keeps
    // that floor an order of magnitude below the tolerance of the largest elements, so any error that matters at the
    // tensor's scale still fails.

    /// <summary>Relative tolerance for operations whose float32 result is exact or correctly rounded (copies, selections, add/mul).</summary>
    public const double ExactRtol = 1e-5;

    /// <summary>Relative tolerance for operations that accumulate or use transcendental functions.</summary>
    public const double ApproxRtol = 1e-4;

    /// <summary>The fraction of rtol·max|expected| used as the absolute tolerance when none is given.</summary>
    public const double AtolFraction = 0.1;

    /// <summary>The smallest absolute tolerance used when none is given.</summary>
    public const double MinAtol = 1e-30;

    /// <summary>The absolute tolerance derived from the oracle's magnitude: <see cref="AtolFraction"/>·rtol·max|expected| (finite values only).</summary>
    public static double ScaledAtol(ReadOnlySpan<float> expected, double rtol)
    {
        double max = 0;
        foreach (var v in expected)
            if (float.IsFinite(v)) max = Math.Max(max, Math.Abs(v));
        return Math.Max(MinAtol, AtolFraction * rtol * max);
    }

    /// <summary>
    /// Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise; on failure reports how many elements failed,
    /// the worst one (multi-dimensional index, both values) and the max abs/rel errors.
    /// </summary>
    /// <param name="actual">The values under test (row-major).</param>
    /// <param name="expected">The oracle values (row-major).</param>
    /// <param name="shape">The logical shape, to print multi-dimensional indices; empty for flat indices.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance; null for <see cref="ScaledAtol"/>.</param>
    /// <param name="what">What is compared (starts the failure message).</param>
    public static void AssertAllClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, ReadOnlySpan<int> shape,
        double rtol, double? atol = null, string what = "values")
    {
        if (actual.Length != expected.Length)
            throw new XunitException($"{what}: length {actual.Length} differs from the expected {expected.Length} (expected shape {FormatShape(shape)}).");
        var report = Compare(actual, expected, rtol, atol ?? ScaledAtol(expected, rtol));
        if (report.Failures == 0) return;
        throw new XunitException(report.Describe(what, shape, rtol));
    }

    /// <summary>Compares without asserting; the result says how many elements failed and which was worst.</summary>
    public static ComparisonReport Compare(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double rtol, double atol)
    {
        if (actual.Length != expected.Length)
            throw new XunitException($"Length mismatch: actual {actual.Length}, expected {expected.Length}.");
        var r = new ComparisonReport { Length = expected.Length, Atol = atol };
        var worstExcess = double.NegativeInfinity;
        for (var i = 0; i < expected.Length; i++)
        {
            double a = actual[i], e = expected[i];
            bool ok;
            double abs, rel;
            if (!double.IsFinite(a) || !double.IsFinite(e))
            {
                ok = a.Equals(e);
                abs = ok ? 0 : double.PositiveInfinity;
                rel = abs;
            }
            else
            {
                abs = Math.Abs(a - e);
                rel = e == 0 ? (abs == 0 ? 0 : double.PositiveInfinity) : abs / Math.Abs(e);
                ok = abs <= atol + rtol * Math.Abs(e);
            }
            if (r.MaxAbsIndex < 0 || abs > r.MaxAbsError) { r.MaxAbsError = abs; r.MaxAbsIndex = i; }
            if (abs > atol && rel > r.MaxRelError) { r.MaxRelError = rel; r.MaxRelIndex = i; }
            if (ok) continue;
            r.Failures++;
            // The worst element is the one exceeding its own allowance by the largest factor.
            var excess = abs / (atol + rtol * Math.Abs(e));
            if (r.WorstIndex < 0 || excess > worstExcess)
            {
                worstExcess = excess;
                r.WorstIndex = i;
                r.WorstActual = actual[i];
                r.WorstExpected = expected[i];
            }
        }
        return r;
    }

    /// <summary>Formats a flat row-major index as a multi-dimensional one for <paramref name="shape"/>.</summary>
    public static string FormatIndex(int flat, ReadOnlySpan<int> shape)
    {
        if (shape.IsEmpty || flat < 0) return "[" + flat.ToString(CultureInfo.InvariantCulture) + "]";
        var idx = new int[shape.Length];
        var rem = flat;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            var s = Math.Max(shape[d], 1);
            idx[d] = rem % s;
            rem /= s;
        }
        return "[" + string.Join(", ", idx) + "]";
    }

    /// <summary>Formats a shape as [a, b, c].</summary>
    public static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The outcome of <see cref="Compare"/>.</summary>
    public sealed class ComparisonReport
    {
        /// <summary>Number of elements compared.</summary>
        public int Length { get; init; }

        /// <summary>The absolute tolerance that was applied.</summary>
        public double Atol { get; init; }

        /// <summary>Number of elements outside the tolerance.</summary>
        public int Failures { get; internal set; }

        /// <summary>Largest |actual − expected|.</summary>
        public double MaxAbsError { get; internal set; }

        /// <summary>Flat index of <see cref="MaxAbsError"/>, or −1 when empty.</summary>
        public int MaxAbsIndex { get; internal set; } = -1;

        /// <summary>Largest |actual − expected| / |expected| among elements whose absolute error exceeds atol.</summary>
        public double MaxRelError { get; internal set; }

        /// <summary>Flat index of <see cref="MaxRelError"/>, or −1.</summary>
        public int MaxRelIndex { get; internal set; } = -1;

        /// <summary>Flat index of the element exceeding its allowance the most, or −1 when all pass.</summary>
        public int WorstIndex { get; internal set; } = -1;

        /// <summary>The actual value at <see cref="WorstIndex"/>.</summary>
        public float WorstActual { get; internal set; }

        /// <summary>The expected value at <see cref="WorstIndex"/>.</summary>
        public float WorstExpected { get; internal set; }

        /// <summary>A one-paragraph description of the comparison.</summary>
        public string Describe(string what, ReadOnlySpan<int> shape, double rtol)
        {
            var sb = new System.Text.StringBuilder();
            sb.Append(CultureInfo.InvariantCulture,
                $"{what}: {Failures} of {Length} elements (shape {FormatShape(shape)}) outside |a−e| ≤ {Atol:G3} + {rtol:G3}·|e|. ");
            sb.Append(CultureInfo.InvariantCulture,
                $"Worst at {FormatIndex(WorstIndex, shape)}: actual {WorstActual:G9}, expected {WorstExpected:G9}. ");
            sb.Append(CultureInfo.InvariantCulture, $"Max abs error {MaxAbsError:G3} at {FormatIndex(MaxAbsIndex, shape)}; ");
            sb.Append(MaxRelIndex < 0
                ? "no element beyond atol."
                : string.Create(CultureInfo.InvariantCulture, $"max rel error {MaxRelError:G3} at {FormatIndex(MaxRelIndex, shape)}."));
            return sb.ToString();
        }
    }
}
