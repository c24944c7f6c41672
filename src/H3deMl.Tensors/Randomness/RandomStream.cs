using System.Numerics;
using System.Text;

namespace H3deMl.Tensors.Randomness;

/// <summary>
/// A seeded, portable pseudo-random generator: the same seed gives the same sequence on every run, thread count,
/// operating system and processor.
/// </summary>
/// <remarks>
/// <para>The generator is xoshiro256** (Blackman and Vigna) with its 256-bit state filled from the seed by SplitMix64.
/// Every derived value is computed with integer operations and IEEE 754 basic arithmetic only (no platform math
/// library), which is what makes the results bit-identical across machines:</para>
/// <list type="bullet">
/// <item><see cref="NextDouble"/> = (x &gt;&gt; 11)·2⁻⁵³ and <see cref="NextSingle"/> = (x &gt;&gt; 40)·2⁻²⁴, both in [0, 1).</item>
/// <item><see cref="NextInt(int)"/> uses Lemire's multiply-and-reject method, so it is unbiased.</item>
/// <item><see cref="NextNormal()"/> uses Marsaglia's polar method with a logarithm built from basic operations; the
/// second value of each pair is kept for the next call (and is part of <see cref="GetState"/>).</item>
/// </list>
/// <para><see cref="Fork(string)"/> derives a child stream from this stream's <see cref="Seed"/> and a name through a
/// stable hash (FNV-1a of the UTF-8 bytes, mixed by SplitMix64), never from <see cref="string.GetHashCode()"/> (which
/// .NET randomises per process) and never from the current position, so a component's stream does not change when
/// another component draws more or fewer numbers. The type is not thread-safe: give each thread its own fork.</para>
/// </remarks>
public sealed class RandomStream
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;
    private const ulong NameDomain = 0x6E616D6564466F72UL; // separates Fork(string) from Fork(ulong)
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpareNormal;
    private double _spareNormal;

    /// <summary>Creates a stream from a 64-bit seed (any value, including zero).</summary>
    /// <param name="seed">The seed; equal seeds give equal sequences.</param>
    public RandomStream(ulong seed)
    {
        Seed = seed;
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this stream was created from (used by <see cref="Fork(string)"/>).</summary>
    public ulong Seed { get; }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    /// <param name="maxExclusive">The exclusive upper bound; at least 1.</param>
    /// <returns>An integer in [0, <paramref name="maxExclusive"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is less than 1.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        // Lemire: the high 32 bits of a 32×32-bit product, rejecting the few low values that would bias the result.
        var range = (uint)maxExclusive;
        var m = (ulong)(uint)(NextUInt64() >> 32) * range;
        if ((uint)m < range)
        {
            var threshold = (uint)(-(int)range) % range;
            while ((uint)m < threshold) m = (ulong)(uint)(NextUInt64() >> 32) * range;
        }
        return (int)(m >> 32);
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    /// <param name="minInclusive">The inclusive lower bound.</param>
    /// <param name="maxExclusive">The exclusive upper bound; greater than <paramref name="minInclusive"/>.</param>
    /// <returns>An integer in the range.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or wider than <see cref="int.MaxValue"/>.</exception>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        var width = (long)maxExclusive - minInclusive;
        if (width < 1 || width > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"The range [{minInclusive}, {maxExclusive}) must hold between 1 and {int.MaxValue} integers.");
        return minInclusive + NextInt((int)width);
    }

    /// <summary>A standard normal value (mean 0, standard deviation 1).</summary>
    /// <remarks>
    /// Marsaglia's polar method: draw u, v uniform in (−1, 1) until s = u² + v² lies in (0, 1); then
    /// u·√(−2 ln s / s) and v·√(−2 ln s / s) are independent standard normals. The first is returned and the second
    /// kept for the next call.
    /// </remarks>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        var f = Math.Sqrt(-2.0 * PortableLog(s) / s);
        _spareNormal = v * f;
        _hasSpareNormal = true;
        return u * f;
    }

    /// <summary>A normal value with the given mean and standard deviation.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="standardDeviation">The standard deviation; zero or more.</param>
    /// <returns>mean + standardDeviation·<see cref="NextNormal()"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is negative or not finite.</exception>
    public double NextNormal(double mean, double standardDeviation)
    {
        if (!(standardDeviation >= 0) || double.IsInfinity(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be finite and non-negative.");
        return mean + standardDeviation * NextNormal();
    }

    /// <summary>A child stream derived from this stream's <see cref="Seed"/> and <paramref name="name"/>.</summary>
    /// <param name="name">The child's identity, e.g. "init", "crop" or "stages.2.attn"; compared by its UTF-8 bytes.</param>
    /// <returns>A new, independent stream; the same seed and name always give the same child.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public RandomStream Fork(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new RandomStream(DeriveSeed(Seed, Fnv1a64(name) ^ NameDomain));
    }

    /// <summary>A child stream derived from this stream's <see cref="Seed"/> and a numeric identity (an epoch, a case index).</summary>
    /// <param name="id">The child's identity.</param>
    /// <returns>A new, independent stream; the same seed and id always give the same child.</returns>
    public RandomStream Fork(ulong id) => new(DeriveSeed(Seed, id));

    /// <summary>A snapshot of the position in the sequence, for checkpoints.</summary>
    /// <returns>The state; pass it to <see cref="SetState"/> to continue bit-identically.</returns>
    public RandomStreamState GetState() => new(Seed, _s0, _s1, _s2, _s3, _hasSpareNormal, _spareNormal);

    /// <summary>Restores a position saved with <see cref="GetState"/>.</summary>
    /// <param name="state">The saved state; it must come from a stream with the same <see cref="Seed"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state belongs to another seed, or its generator state is all zeros (invalid for xoshiro).</exception>
    public void SetState(RandomStreamState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Seed != Seed)
            throw new ArgumentException($"The state was saved from a stream with seed {state.Seed}, but this stream has seed {Seed}.", nameof(state));
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("A xoshiro256** state of all zeros is invalid.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _hasSpareNormal = state.HasSpareNormal;
        _spareNormal = state.SpareNormal;
    }

    /// <summary>Fills <paramref name="destination"/> with uniform values in [<paramref name="low"/>, <paramref name="high"/>], element by element in order.</summary>
    internal void FillUniform(Span<float> destination, double low, double high)
    {
        var width = high - low;
        for (var i = 0; i < destination.Length; i++)
        {
            var v = (float)(low + width * NextDouble());
            // Rounding to float can land just outside the interval; keep the documented closed bounds.
            destination[i] = Math.Clamp(v, (float)low, (float)high);
        }
    }

    private static ulong DeriveSeed(ulong parentSeed, ulong id)
    {
        var a = parentSeed;
        var b = id ^ GoldenGamma;
        var x = SplitMix64(ref a) ^ BitOperations.RotateLeft(SplitMix64(ref b), 23);
        return SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += GoldenGamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a64(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    /// <summary>
    /// ln(s) for s in (0, 1) from basic IEEE operations only (no platform libm), accurate to about one ulp:
    /// s = m·2ᵉ with m in [√½, √2), ln m = 2·atanh(t) with t = (m − 1)/(m + 1), |t| ≤ 0.172, summed as a series.
    /// </summary>
    internal static double PortableLog(double s)
    {
        var bits = BitConverter.DoubleToInt64Bits(s);
        var e = (int)((bits >> 52) & 0x7FF);
        if (e == 0)
        {
            // Subnormal: scale into the normal range first (exact).
            s *= 18014398509481984.0; // 2^54
            bits = BitConverter.DoubleToInt64Bits(s);
            e = (int)((bits >> 52) & 0x7FF) - 54;
        }
        var exponent = e - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // [1, 2)
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            exponent++;
        }
        var t = (m - 1.0) / (m + 1.0);
        var t2 = t * t;
        // 2·(t + t³/3 + t⁵/5 + …), Horner form, terms up to t²⁷ (t² ≤ 0.0295, so the rest is below 1e-42).
        var p = 1.0 / 27;
        for (var k = 25; k >= 1; k -= 2) p = 1.0 / k + t2 * p;
        const double Ln2Hi = 0.6931471803691238; // high bits of ln 2 (exact products with small integers)
        const double Ln2Lo = 1.9082149292705877e-10;
        return exponent * Ln2Hi + (2.0 * t * p + exponent * Ln2Lo);
    }
}
