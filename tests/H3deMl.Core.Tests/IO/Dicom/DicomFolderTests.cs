using System.Diagnostics;
using H3deMl.Core.IO;
using H3deMl.Core.IO.Dicom;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Real-world folder trouble (issue 15, item 10): trailing zero padding, several series, Siemens MOSAIC,
/// FIFOs and symlink loops.</summary>
public sealed class DicomFolderTests
{
    [Theory]
    [InlineData("u16_explicit_le.dcm")]
    [InlineData("s16_implicit_le.dcm")]
    [InlineData("s16_big_endian.dcm")]
    [InlineData("s16_rle_dcmtk.dcm")]
    [InlineData("multiframe_explicit_le.dcm")]
    public void Read_TrailingZeroPadding_ReadsAsWithout(string seed)
    {
        byte[] original = File.ReadAllBytes(DicomTestFiles.File(seed));
        using var temp = new DicomTempFolder();
        string path = temp.Write("padded.dcm", [.. original, .. new byte[3 << 20]]);

        Volume expected = DicomSeriesReader.Read(DicomTestFiles.File(seed));
        Volume padded = DicomSeriesReader.Read(path);

        Assert.Equal(expected.Size, padded.Size);
        Assert.Equal(expected.Voxels, padded.Voxels);
    }

    [Fact]
    public void Read_SeriesWithOnePaddedSlice_ReadsWholeSeries()
    {
        using var temp = new DicomTempFolder();
        foreach (string file in Directory.GetFiles(DicomTestFiles.File("series_oblique"), "img*.dcm"))
        {
            byte[] bytes = File.ReadAllBytes(file);
            temp.Write(Path.GetFileName(file), Path.GetFileName(file) == "img6.dcm" ? [.. bytes, .. new byte[1 << 20]] : bytes);
        }

        Volume v = DicomSeriesReader.Read(temp.Path);

        Assert.Equal(6, v.Size.K);
        Assert.Equal(DicomSeriesReader.Read(DicomTestFiles.File("series_oblique")).Voxels, v.Voxels);
    }

    [Fact]
    public void Read_NonZeroBytesAfterPadding_StillRejected()
    {
        byte[] original = File.ReadAllBytes(DicomTestFiles.File("u16_explicit_le.dcm"));
        byte[] bytes = [.. original, .. new byte[64], 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42];
        using var temp = new DicomTempFolder();
        string path = temp.Write("garbage.dcm", bytes);

        var e = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(path));

        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Read_TwoSeriesByDefault_ReadsLargestAndReportsTheOthers()
    {
        Volume v = DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"));
        IReadOnlyList<DicomSeriesInfo> series = DicomSeriesReader.ListSeries(DicomTestFiles.File("series_oblique"));

        Assert.Equal("2", v.Metadata[DicomMetadataKeys.SeriesInFolder]);
        Assert.Equal("0", v.Metadata[DicomMetadataKeys.SeriesIndex]);
        Assert.Equal("largest (default)", v.Metadata[DicomMetadataKeys.SeriesSelection]);
        Assert.Contains(series[1].SeriesInstanceUid, v.Metadata[DicomMetadataKeys.OtherSeries], StringComparison.Ordinal);
        Assert.Contains("decoy", v.Metadata[DicomMetadataKeys.OtherSeries], StringComparison.Ordinal);
        Assert.DoesNotContain(series[0].SeriesInstanceUid, v.Metadata[DicomMetadataKeys.OtherSeries], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeriesIndex_ReadsThatSeriesAndRecordsTheChoice()
    {
        IReadOnlyList<DicomSeriesInfo> series = DicomSeriesReader.ListSeries(DicomTestFiles.File("series_oblique"));

        Volume v = DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"), new DicomSeriesReadOptions { SeriesIndex = 1 });

        Assert.Equal(series[1].SliceCount, v.Size.K);
        Assert.Equal(series[1].SeriesInstanceUid, v.Metadata[VolumeMetadataKeys.SeriesInstanceUid]);
        Assert.Equal("1", v.Metadata[DicomMetadataKeys.SeriesIndex]);
        Assert.Equal("SeriesIndex", v.Metadata[DicomMetadataKeys.SeriesSelection]);
        Assert.Contains(series[0].SeriesInstanceUid, v.Metadata[DicomMetadataKeys.OtherSeries], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeriesIndexOutOfRange_ListsTheSeries()
    {
        IReadOnlyList<DicomSeriesInfo> series = DicomSeriesReader.ListSeries(DicomTestFiles.File("series_oblique"));

        var e = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"), new DicomSeriesReadOptions { SeriesIndex = 2 }));

        Assert.Contains("2 series", e.Message, StringComparison.Ordinal);
        Assert.Contains("[0] ", e.Message, StringComparison.Ordinal);
        Assert.Contains("[1] ", e.Message, StringComparison.Ordinal);
        Assert.Contains(series[1].SeriesInstanceUid, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownSeriesUid_ListsTheSeriesWithIndices()
    {
        var e = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"), new DicomSeriesReadOptions { SeriesInstanceUid = "1.2.3.4" }));

        Assert.Contains("'1.2.3.4'", e.Message, StringComparison.Ordinal);
        Assert.Contains("[1] ", e.Message, StringComparison.Ordinal);
        Assert.Contains("decoy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BothUidAndIndex_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"), new DicomSeriesReadOptions { SeriesIndex = 0, SeriesInstanceUid = "1.2" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DicomSeriesReadOptions { SeriesIndex = -1 });
    }

    [Fact]
    public void Read_SiemensMosaic_RefusedWithReason()
    {
        byte[] bytes = DicomTestWriter.Part10()
            .Text(0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY\\M\\ND\\MOSAIC")
            .Text(0x0008, 0x0060, "CS", "MR")
            .Text(0x0008, 0x0070, "LO", "SIEMENS")
            .ImageModule(4, 4)
            .Element(0x7FE0, 0x0010, "OW", new byte[32])
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("mosaic.dcm", bytes);

        var e = Assert.Throws<UnsupportedVolumeContentException>(() => DicomSeriesReader.Read(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("MOSAIC", e.Message, StringComparison.Ordinal);
        Assert.Contains("dcm2niix", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FolderWithFifo_SkipsItWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // mkfifo is a Linux/Unix test; elsewhere there is nothing to check
        }

        using var temp = new DicomTempFolder();
        temp.Write("slice.dcm", File.ReadAllBytes(DicomTestFiles.File("u16_explicit_le.dcm")));
        string fifo = Path.Combine(temp.Path, "a_fifo.dcm");
        using (Process mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Task<Volume> read = Task.Run(() => DicomSeriesReader.Read(temp.Path));
        bool finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read;
        if (!finished)
        {
            // Unblock the reader stuck in open(2) so the test process can finish.
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }

        Assert.True(finished, "reading a folder holding a FIFO did not finish within 30 s");
        Assert.Equal(1, (await read).Size.K);

        var e = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read([fifo]));
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FolderWithSymlinkLoop_ReadsEachFileOnce()
    {
        using var temp = new DicomTempFolder();
        foreach (string file in Directory.GetFiles(DicomTestFiles.File("series_oblique"), "img*.dcm"))
        {
            temp.Write(Path.GetFileName(file), File.ReadAllBytes(file));
        }

        Directory.CreateDirectory(Path.Combine(temp.Path, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "sub", "loop"), temp.Path);

        Volume v = DicomSeriesReader.Read(temp.Path);

        Assert.Equal(6, v.Size.K);
        Assert.Single(DicomSeriesReader.ListSeries(temp.Path));
    }
}
