using System.Buffers.Binary;
using System.IO.Compression;

namespace H3deMl.Evaluators.Reports.Imaging;

/// <summary>A small PNG encoder (8-bit grey, RGB or indexed colour; no interlacing), written over
/// <see cref="ZLibStream"/> so reports need no imaging package.</summary>
/// <remarks>Layout (PNG specification, ISO/IEC 15948): the 8-byte signature; IHDR (width, height, bit depth 8, colour
/// type, compression 0, filter 0, interlace 0); PLTE for indexed images; one IDAT with the zlib stream of the filtered
/// scanlines; IEND. Each chunk is length, type, data and the CRC-32 of type and data. Each scanline is filtered with
/// the filter (None, Sub, Up, Average or Paeth) that minimises the sum of absolute signed residuals, the heuristic the
/// specification recommends.</remarks>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes an image.</summary>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="colorType">Grey, RGB or indexed.</param>
    /// <param name="pixels">Row-major samples, top row first: width × height × (3 for RGB, else 1) bytes.</param>
    /// <param name="palette">For indexed images: 1 to 256 RGB triples (3 bytes each); otherwise empty.</param>
    /// <returns>The PNG file.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ArgumentException">The pixel or palette length does not match.</exception>
    public static byte[] Encode(int width, int height, PngColorType colorType, ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> palette = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int channels = colorType == PngColorType.Rgb ? 3 : 1;
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
        {
            throw new ArgumentException($"A {width}×{height} {colorType} image needs {expected} bytes, not {pixels.Length}.", nameof(pixels));
        }

        if (colorType == PngColorType.Indexed ? palette.Length is 0 or > 768 || palette.Length % 3 != 0 : !palette.IsEmpty)
        {
            throw new ArgumentException($"An indexed image needs 1 to 256 RGB palette entries and other images none; got {palette.Length} bytes.", nameof(palette));
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;
        header[9] = (byte)colorType;
        header[10] = 0;
        header[11] = 0;
        header[12] = 0;
        WriteChunk(output, "IHDR"u8, header);
        if (colorType == PngColorType.Indexed)
        {
            WriteChunk(output, "PLTE"u8, palette);
        }

        WriteChunk(output, "IDAT"u8, Compress(width, height, channels, pixels));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Compress(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        int stride = width * channels;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var line = new byte[1 + stride];
            var best = new byte[1 + stride];
            ReadOnlySpan<byte> previous = new byte[stride];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> current = pixels.Slice(y * stride, stride);
                long bestScore = long.MaxValue;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    long score = Filter(filter, current, previous, channels, line);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        line.CopyTo(best, 0);
                    }
                }

                zlib.Write(best);
                previous = current;
            }
        }

        return compressed.ToArray();
    }

    /// <summary>Filters one scanline into <paramref name="line"/> (filter byte first) and returns its score.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> current, ReadOnlySpan<byte> previous, int bpp, Span<byte> line)
    {
        line[0] = filter;
        long score = 0;
        for (int x = 0; x < current.Length; x++)
        {
            int a = x >= bpp ? current[x - bpp] : 0;
            int b = previous[x];
            int c = x >= bpp ? previous[x - bpp] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => Paeth(a, b, c),
            };
            byte residual = (byte)(current[x] - predictor);
            line[1 + x] = residual;
            score += Math.Abs((int)(sbyte)residual);
        }

        return score;
    }

    /// <summary>The Paeth predictor: whichever of left, up and upper-left is closest to left + up − upper-left.</summary>
    internal static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, type), data)));
        output.Write(word);
    }
}
