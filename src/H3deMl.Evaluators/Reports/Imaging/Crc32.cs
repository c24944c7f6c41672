namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42: polynomial 0xEDB88320 reflected, initial and final XOR
/// 0xFFFFFFFF); the CRC of the ASCII bytes "123456789" is 0xCBF43926.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Starts a running CRC.</summary>
    public const uint Initial = 0xFFFFFFFFu;

    /// <summary>Adds bytes to a running CRC (start from <see cref="Initial"/>, finish with <see cref="Finish"/>).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>The final CRC of a running value.</summary>
    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    /// <summary>The CRC of a byte span.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
