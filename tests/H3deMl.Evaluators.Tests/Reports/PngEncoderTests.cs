using System.Runtime.CompilerServices;
using System.Text;
using H3deMl.Evaluators.Reports.Imaging;

namespace H3deMl.Evaluators.Tests.Reports;

public sealed class PngEncoderTests
{
    [Theory]
    [InlineData("123456789", 0xCBF43926u)] // the CRC-32 check value
    [InlineData("", 0x00000000u)]
    [InlineData("IEND", 0xAE426082u)] // the CRC every PNG ends with
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_KnownValues(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Decoder_ReadsAnIndependentlyWrittenFixtureUsingEveryFilter()
    {
        // Written by Fixtures/make_png_fixtures.py with Python's zlib; row y uses filter y % 5.
        PngTestDecoder.Image image = PngTestDecoder.Decode(File.ReadAllBytes(Fixture("filters-rgb-13x7.png")));

        Assert.Equal((13, 7, PngColorType.Rgb), (image.Width, image.Height, image.ColorType));
        for (int y = 0; y < 7; y++)
        {
            for (int x = 0; x < 13; x++)
            {
                byte V(int c) => (byte)(((x * 37) + (y * 11) + (c * 101) + (x * y * 7)) & 255);
                Assert.Equal((V(0), V(1), V(2)), image.Rgb(x, y));
            }
        }
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { (int)PngColorType.Grey, 1, 1 },
        { (int)PngColorType.Grey, 33, 17 },
        { (int)PngColorType.Rgb, 1, 5 },
        { (int)PngColorType.Rgb, 19, 11 },
        { (int)PngColorType.Indexed, 7, 3 },
        { (int)PngColorType.Indexed, 64, 40 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Encode_RoundTripsThroughAStrictDecoder(int colorTypeCode, int width, int height)
    {
        var colorType = (PngColorType)colorTypeCode;
        int channels = colorType == PngColorType.Rgb ? 3 : 1;
        var random = new Random(width * 1000 + height);
        var pixels = new byte[width * height * channels];
        for (int n = 0; n < pixels.Length; n++)
        {
            // Smooth regions (where Sub, Up, Average and Paeth win) next to noise (where None wins).
            int x = n / channels % width, y = n / channels / width;
            pixels[n] = y % 3 == 0 ? (byte)random.Next(256) : (byte)((x * 3) + (y * 5) + (n % channels * 40));
        }

        byte[] palette = colorType == PngColorType.Indexed ? ReportPalette.Rgb : [];

        PngTestDecoder.Image image = PngTestDecoder.Decode(PngEncoder.Encode(width, height, colorType, pixels, palette));

        Assert.Equal((width, height, colorType), (image.Width, image.Height, image.ColorType));
        Assert.Equal(pixels, image.Samples);
        if (colorType == PngColorType.Indexed)
        {
            Assert.Equal(palette, image.Palette);
        }
    }

    [Fact]
    public void Encode_SmoothImage_CompressesWell()
    {
        var pixels = new byte[128 * 128];
        for (int n = 0; n < pixels.Length; n++)
        {
            pixels[n] = (byte)((n % 128) + (n / 128));
        }

        byte[] png = PngEncoder.Encode(128, 128, PngColorType.Grey, pixels);

        Assert.True(png.Length < 1500, $"A 128×128 gradient took {png.Length} bytes.");
    }

    [Fact]
    public void Encode_WrongPixelCount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(4, 4, PngColorType.Rgb, new byte[16]));

        Assert.Equal("pixels", e.ParamName);
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(4, 4, PngColorType.Indexed, new byte[16]));
    }

    private static string Fixture(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", name);
}
