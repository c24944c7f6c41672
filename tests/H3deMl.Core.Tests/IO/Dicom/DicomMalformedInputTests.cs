using H3deMl.Core.IO;
using H3deMl.Core.IO.Dicom;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Corrupt and truncated input gives the documented exception naming the file (and tag/offset), never
/// IndexOutOfRange, ArgumentOutOfRange or OutOfMemory.</summary>
public sealed class DicomMalformedInputTests
{
    public static TheoryData<string> SeedFiles() => new(
        "s16_explicit_le.dcm", "s16_implicit_le.dcm", "s16_big_endian.dcm", "s16_deflated.dcm", "s16_rle_dcmtk.dcm",
        "s16_jpeg_p14_sv4.dcm", "u16_ours_sv7_pt0_ri60.dcm", "multiframe_explicit_le.dcm", "multiframe_jpeg_frag_nobot.dcm");

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Read_TruncatedAnywhere_ThrowsInvalidContentNamingFile(string seed)
    {
        byte[] bytes = File.ReadAllBytes(DicomTestFiles.File(seed));
        using var temp = new DicomTempFolder();
        // Every cut in the header, then a spread of cuts through the pixel data.
        var cuts = Enumerable.Range(0, Math.Min(bytes.Length, 1200)).Concat(Enumerable.Range(0, 40).Select(n => bytes.Length * n / 40)).Where(c => c < bytes.Length).Distinct();
        foreach (int cut in cuts)
        {
            string path = temp.Write($"cut{cut}.dcm", bytes[..cut]);
            Exception? ex = Record.Exception(() => DicomSeriesReader.Read(path));
            Assert.True(ex is InvalidVolumeContentException, $"{seed} cut at {cut}/{bytes.Length}: expected InvalidVolumeContentException, got {ex?.GetType().Name ?? "no exception"}: {ex?.Message}");
            Assert.Equal(path, ((VolumeFormatException)ex!).FilePath);
            Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Read_CorruptedBytes_NeverCrashes(string seed)
    {
        byte[] original = File.ReadAllBytes(DicomTestFiles.File(seed));
        using var temp = new DicomTempFolder();
        var random = new Random(1234);
        for (int trial = 0; trial < 150; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                bytes[132 + random.Next(bytes.Length - 132)] = (byte)random.Next(256);
            }

            string path = temp.Write($"t{trial}.dcm", bytes);
            Exception? ex = Record.Exception(() => DicomSeriesReader.Read(path));
            Assert.True(ex is null or VolumeFormatException, $"{seed} trial {trial}: {ex?.GetType().Name}: {ex?.Message}\n{ex?.StackTrace}");
            if (ex is VolumeFormatException vfe)
            {
                Assert.Equal(path, vfe.FilePath);
            }
        }
    }

    [Fact]
    public void Read_WrongMagic_ThrowsNotDicom()
    {
        using var temp = new DicomTempFolder();
        byte[] junk = new byte[400];
        new Random(5).NextBytes(junk);
        junk[0] = 0x42;
        string path = temp.Write("junk.dcm", junk);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("not a DICOM file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AbsurdElementLength_ThrowsNamingTagAndOffset()
    {
        byte[] bytes = DicomTestWriter.Part10()
            .Text(0x0008, 0x0060, "CS", "CT")
            .Element(0x0010, 0x0010, "UT", [], lengthOverride: 0xFFFFFFF0)
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("absurd.dcm", bytes);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Equal("(0010,0010)", ex.Tag);
        Assert.NotNull(ex.Offset);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UndefinedLengthSequenceWithoutDelimiters_Throws()
    {
        byte[] bytes = DicomTestWriter.Part10()
            .Text(0x0008, 0x0060, "CS", "CT")
            .Element(0x0008, 0x1140, "SQ", [], lengthOverride: 0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)          // item of undefined length ...
            .Text(0x0008, 0x1150, "UI", "1.2.3")         // ... with one element and no delimiters
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("nodelim.dcm", bytes);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("delimitation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EncapsulatedWithoutSequenceDelimiter_Throws()
    {
        byte[] bytes = DicomTestWriter.Part10("1.2.840.10008.1.2.5")
            .ImageModule(2, 2)
            .Element(0x7FE0, 0x0010, "OB", [], lengthOverride: 0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0)                   // empty offset table
            .Tag(0xFFFE, 0xE000).U32(4).U32(0)            // a fragment, then the file ends
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("nodelim.dcm", bytes);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Equal("(7FE0,0010)", ex.Tag);
    }

    [Fact]
    public void Read_DeepNesting_ThrowsInsteadOfStackOverflow()
    {
        var w = DicomTestWriter.Part10().Text(0x0008, 0x0060, "CS", "CT");
        for (int d = 0; d < 200; d++)
        {
            w.Element(0x0008, 0x1140, "SQ", [], lengthOverride: 0xFFFFFFFF).Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF);
        }

        using var temp = new DicomTempFolder();
        string path = temp.Write("deep.dcm", w.ToArray());
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Contains("nested", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PixelDataShorterThanHeaderDeclares_Throws()
    {
        byte[] bytes = DicomTestWriter.Part10()
            .ImageModule(512, 512)
            .Element(0x7FE0, 0x0010, "OW", new byte[100])
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("short.dcm", bytes);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Contains("524,288 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds 100 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4, 16, 16)]
    [InlineData(4, 4, 16, 17)]
    [InlineData(4, 4, 12, 12)]
    public void Read_AbsurdImageModule_Throws(ushort rows, ushort columns, ushort bitsAllocated, ushort bitsStored)
    {
        byte[] bytes = DicomTestWriter.Part10()
            .ImageModule(rows, columns, bitsAllocated, bitsStored)
            .Element(0x7FE0, 0x0010, "OW", new byte[32])
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("module.dcm", bytes);
        var ex = Assert.ThrowsAny<VolumeFormatException>(() => DicomSeriesReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.NotNull(ex.Tag);
    }

    [Fact]
    public void Read_RleWithWrongSegmentCount_Throws()
    {
        byte[] bytes = File.ReadAllBytes(DicomTestFiles.File("u16_rle_dcmtk.dcm"));
        // The first fragment after the empty offset table starts with the RLE header: segment count 2 → 5.
        int header = FindRleHeader(bytes);
        bytes[header] = 5;
        using var temp = new DicomTempFolder();
        string path = temp.Write("rle.dcm", bytes);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Contains("segments", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JpegEntropyDataCut_ThrowsTruncated()
    {
        byte[] bytes = File.ReadAllBytes(DicomTestFiles.File("u16_jpeg_p14_sv1.dcm"));
        int sos = bytes.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xDA });
        int eoi = bytes.AsSpan().LastIndexOf(new byte[] { 0xFF, 0xD9 });
        int middle = (sos + eoi) / 2;
        for (int p = middle; p < eoi; p++)
        {
            bytes[p] = 0; // wipe the second half of the scan ...
        }

        bytes[middle] = 0xFF;
        bytes[middle + 1] = 0xD9; // ... and end the image early
        using var temp = new DicomTempFolder();
        string path = temp.Write("jpeg.dcm", bytes);
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Equal("(7FE0,0010)", ex.Tag);
    }

    private static int FindRleHeader(byte[] bytes)
    {
        // (7FE0,0010) OB, undefined length, then item (empty BOT), then item (fragment): header at +8 of the fragment item.
        ReadOnlySpan<byte> pixelTag = [0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B'];
        int at = bytes.AsSpan().IndexOf(pixelTag);
        int bot = at + 12;
        int botLength = BitConverter.ToInt32(bytes, bot + 4);
        return bot + 8 + botLength + 8;
    }
}
