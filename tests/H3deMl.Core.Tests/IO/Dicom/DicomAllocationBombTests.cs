using H3deMl.Core.IO;
using H3deMl.Core.IO.Dicom;
using H3deMl.TestKit;
using Xunit.Abstractions;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Small files whose headers declare absurd frame counts or frame sizes are rejected before anything sized
/// by those numbers is allocated: at most 2 × the file size + 64 MB (issue 15, item 1).</summary>
[Collection(AllocationCollection.Name)]
public sealed class DicomAllocationBombTests(ITestOutputHelper output)
{
    private const string Rle = "1.2.840.10008.1.2.5";
    private const string JpegLossless = "1.2.840.10008.1.2.4.70";

    public static TheoryData<string, string> Bombs() => new()
    {
        { "native_65535sq_2e9_frames", "2000000000 frame" },
        { "native_1x1_2e9_frames", "2000000000 frame" },
        { "rle_2e9_frames", "2000000000 frame" },
        { "jpeg_2e9_frames", "2000000000 frame" },
        { "rle_46000sq_one_frame", "46000×46000" },
        { "jpeg_46000sq_one_frame", "46000×46000" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Read_AbsurdFrameCountOrSize_RejectedWithinBudget(string name, string expectedInMessage)
    {
        using var temp = new DicomTempFolder();
        string path = temp.Write(name + ".dcm", Make(name));
        long size = new FileInfo(path).Length;

        (InvalidVolumeContentException e, long allocated) = AllocationBudget.MeasureThrows<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains(expectedInMessage, e.Message, StringComparison.Ordinal);
        output.WriteLine($"{name}: {size:N0}-byte file, {allocated:N0} bytes allocated");
        AllocationBudget.AssertWithin(allocated, size, name);
    }

    [Theory]
    [MemberData(nameof(Bombs))]
    public void ListSeries_AbsurdFrameCountOrSize_RejectedWithinBudget(string name, string expectedInMessage)
    {
        using var temp = new DicomTempFolder();
        string path = temp.Write(name + ".dcm", Make(name));

        (InvalidVolumeContentException e, long allocated) = AllocationBudget.MeasureThrows<InvalidVolumeContentException>(() => DicomSeriesReader.ListSeries(temp.Path));

        Assert.Contains(expectedInMessage, e.Message, StringComparison.Ordinal);
        AllocationBudget.AssertWithin(allocated, new FileInfo(path).Length, name);
    }

    [Fact]
    public void Read_RealMultiframeFiles_StillRead()
    {
        // The bounds must not reject real multiframe files: native, RLE and JPEG, with and without offset tables.
        foreach (string name in new[] { "multiframe_explicit_le.dcm", "multiframe_rle.dcm", "multiframe_jpeg_frag_bot.dcm", "multiframe_jpeg_frag_nobot.dcm" })
        {
            Assert.True(DicomSeriesReader.Read(DicomTestFiles.File(name)).Size.K > 1, name);
        }
    }

    internal static byte[] Make(string name) => name switch
    {
        "native_65535sq_2e9_frames" => Native(65535, 65535, "2000000000", 256),
        "native_1x1_2e9_frames" => Native(1, 1, "2000000000", 10_000),
        "rle_2e9_frames" => Encapsulated(Rle, 2, 2, "2000000000", 64),
        "jpeg_2e9_frames" => Encapsulated(JpegLossless, 2, 2, "2000000000", 64),
        "rle_46000sq_one_frame" => Encapsulated(Rle, 46000, 46000, "1", 64),
        "jpeg_46000sq_one_frame" => Encapsulated(JpegLossless, 46000, 46000, "1", 64),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Native(ushort rows, ushort columns, string frames, int pixelBytes) =>
        DicomTestWriter.Part10()
            .Text(0x0008, 0x0060, "CS", "CT")
            .ImageModule(rows, columns)
            .Text(0x0028, 0x0008, "IS", frames)
            .Element(0x7FE0, 0x0010, "OW", new byte[pixelBytes])
            .ToArray();

    private static byte[] Encapsulated(string syntax, ushort rows, ushort columns, string frames, int fragmentBytes) =>
        DicomTestWriter.Part10(syntax)
            .Text(0x0008, 0x0060, "CS", "CT")
            .ImageModule(rows, columns)
            .Text(0x0028, 0x0008, "IS", frames)
            .Element(0x7FE0, 0x0010, "OB", [], lengthOverride: 0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0)
            .Tag(0xFFFE, 0xE000).U32((uint)fragmentBytes).Raw(new byte[fragmentBytes])
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
}
