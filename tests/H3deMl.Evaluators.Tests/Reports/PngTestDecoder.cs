using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using H3deMl.Evaluators.Reports.Imaging;

namespace H3deMl.Evaluators.Tests.Reports;

/// <summary>A strict decoder of the PNGs the report writes (8-bit grey, RGB or indexed, not interlaced): checks the
/// signature, every chunk CRC, the chunk order and the zlib stream, and undoes all five filters.</summary>
internal static class PngTestDecoder
{
    public sealed record Image(int Width, int Height, PngColorType ColorType, byte[] Samples, byte[]? Palette)
    {
        /// <summary>The RGB colour of a pixel.</summary>
        public (byte R, byte G, byte B) Rgb(int x, int y) => ColorType switch
        {
            PngColorType.Rgb => (Samples[3 * ((y * Width) + x)], Samples[(3 * ((y * Width) + x)) + 1], Samples[(3 * ((y * Width) + x)) + 2]),
            PngColorType.Indexed => (Palette![3 * Index(x, y)], Palette[(3 * Index(x, y)) + 1], Palette[(3 * Index(x, y)) + 2]),
            _ => (Samples[(y * Width) + x], Samples[(y * Width) + x], Samples[(y * Width) + x]),
        };

        /// <summary>The sample (palette index or grey level) of a one-channel pixel.</summary>
        public byte Index(int x, int y) => Samples[(y * Width) + x];
    }

    public static Image Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "bad PNG signature");
        int pos = 8, width = 0, height = 0;
        var colorType = PngColorType.Grey;
        byte[]? palette = null;
        var idat = new MemoryStream();
        var order = new List<string>();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.True(crc == Crc32.Compute(png.AsSpan(pos + 4, length + 4)), $"bad CRC in chunk {type}");
            order.Add(type);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    colorType = (PngColorType)data[9];
                    Assert.Equal([0, 0, 0], data[10..13].ToArray());
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            pos += 12 + length;
        }

        Assert.Equal(png.Length, pos);
        Assert.Equal("IHDR", order[0]);
        Assert.Equal("IEND", order[^1]);
        Assert.Equal(colorType == PngColorType.Indexed, palette is not null);
        int bpp = colorType == PngColorType.Rgb ? 3 : 1;
        int stride = width * bpp;
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        Assert.Equal(height * (stride + 1), filtered.Length);
        var samples = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            Assert.InRange(filter, 0, 4);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? samples[(y * stride) + i - bpp] : 0;
                int b = y > 0 ? samples[((y - 1) * stride) + i] : 0;
                int c = i >= bpp && y > 0 ? samples[((y - 1) * stride) + i - bpp] : 0;
                int p = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => PngEncoder.Paeth(a, b, c) };
                samples[(y * stride) + i] = (byte)(filtered[(y * (stride + 1)) + 1 + i] + p);
            }
        }

        return new Image(width, height, colorType, samples, palette);
    }
}
