using System.Globalization;

namespace H3deMl.Tensors.Randomness;

/// <summary>The complete state of a <see cref="RandomStream"/>, for checkpoints that resume bit-identically.</summary>
/// <remarks>
/// <see cref="Format"/> and <see cref="Parse"/> give a compact text form for string-valued checkpoint metadata (such as a
/// safetensors <c>__metadata__</c> entry): seven colon-separated 16-digit hexadecimal words, version-free because the
/// generator's definition is fixed.
/// </remarks>
/// <param name="Seed">The seed the stream was created from.</param>
/// <param name="S0">xoshiro256** state word 0.</param>
/// <param name="S1">xoshiro256** state word 1.</param>
/// <param name="S2">xoshiro256** state word 2.</param>
/// <param name="S3">xoshiro256** state word 3.</param>
/// <param name="HasSpareNormal">True when the second normal value of the last polar pair is pending.</param>
/// <param name="SpareNormal">That pending value (ignored when <paramref name="HasSpareNormal"/> is false).</param>
public sealed record RandomStreamState(ulong Seed, ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpareNormal, double SpareNormal)
{
    /// <summary>The state as text: seed, four state words, the spare flag (0 or 1) and the spare value's bits, in hexadecimal.</summary>
    /// <returns>A string that <see cref="Parse"/> turns back into an equal state, bit for bit.</returns>
    public string Format() => string.Join(':', new[]
    {
        Seed, S0, S1, S2, S3, HasSpareNormal ? 1UL : 0UL, (ulong)BitConverter.DoubleToInt64Bits(SpareNormal),
    }.Select(w => w.ToString("X16", CultureInfo.InvariantCulture)));

    /// <summary>Reads a state written by <see cref="Format"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not seven hexadecimal words separated by ':' with a spare flag of 0 or 1.</exception>
    public static RandomStreamState Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        var words = new ulong[7];
        if (parts.Length != 7 || parts.Where((p, i) => !ulong.TryParse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i])).Any() || words[5] > 1)
            throw new FormatException($"'{text}' is not a random stream state: expected seven hexadecimal words separated by ':' (seed, four state words, spare flag 0 or 1, spare bits).");
        return new RandomStreamState(words[0], words[1], words[2], words[3], words[4], words[5] == 1, BitConverter.Int64BitsToDouble((long)words[6]));
    }
}
