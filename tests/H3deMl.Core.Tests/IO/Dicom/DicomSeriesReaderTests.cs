using System.Globalization;
using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO;
using H3deMl.Core.IO.Dicom;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>Series assembly on the committed synthetic series: geometry against the PS3.3 C.7.6.2.1.1 oracle, sorting,
/// grouping, per-slice rescale, uneven spacing, duplicates, empty UIDs and multiframe functional groups.</summary>
public sealed class DicomSeriesReaderTests
{
    [Fact]
    public void Read_ObliqueAnisotropicSeries_GeometryMatchesStandardFormula()
    {
        JsonElement e = DicomTestFiles.Expected.GetProperty("series").GetProperty("series_oblique");
        Volume v = DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"));

        double[] size = DicomTestFiles.Doubles(e.GetProperty("size"));
        Assert.Equal(((int)size[0], (int)size[1], (int)size[2]), (v.Size.I, v.Size.J, v.Size.K));
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("spacing")), v.Geometry.SpacingMm, 1e-7, "spacing (PixelSpacing[1], PixelSpacing[0], step)");
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("origin")), v.Geometry.OriginLps, 1e-9, "origin");
        JsonElement[] columns = [.. e.GetProperty("direction").EnumerateArray()];
        for (int c = 0; c < 3; c++)
        {
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(columns[c]), v.Geometry.Direction.Column(c), 1e-7, $"direction column {c}");
        }

        foreach (JsonElement s in e.GetProperty("samples").EnumerateArray())
        {
            double[] ijk = DicomTestFiles.Doubles(s.GetProperty("ijk"));
            Vector3d world = v.Geometry.IndexToWorld(new Vector3d(ijk[0], ijk[1], ijk[2]));
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(s.GetProperty("worldLps")), world, 1e-6, $"world of voxel ({ijk[0]}, {ijk[1]}, {ijk[2]})");
            Assert.Equal((float)s.GetProperty("value").GetDouble(), v[(int)ijk[0], (int)ijk[1], (int)ijk[2]]);
        }

        Assert.Equal(e.GetProperty("sha256Float32").GetString(), DicomTestFiles.Sha256(v.Voxels));
        Assert.Equal("DICOM", v.Metadata[VolumeMetadataKeys.Format]);
        Assert.Equal("6", v.Metadata[VolumeMetadataKeys.SliceCount]);
        Assert.Equal("2", v.Metadata[DicomMetadataKeys.SeriesInFolder]);
        Assert.Equal("3", v.Metadata[DicomMetadataKeys.SliceThickness]);
        Assert.Equal("true", v.Metadata[DicomMetadataKeys.RescaleVariesBySlice]);
        Assert.Equal(e.GetProperty("seriesInstanceUid").GetString(), v.Metadata[VolumeMetadataKeys.SeriesInstanceUid]);
    }

    [Fact]
    public void ListSeries_FolderWithTwoSeries_ListsBothLargestFirstAndSkipsNonDicom()
    {
        IReadOnlyList<DicomSeriesInfo> series = DicomSeriesReader.ListSeries(DicomTestFiles.File("series_oblique"));
        Assert.Equal(2, series.Count);
        Assert.Equal(6, series[0].SliceCount);
        Assert.Equal("oblique", series[0].SeriesDescription);
        Assert.Equal(2, series[1].SliceCount);
        Assert.Equal("decoy", series[1].SeriesDescription);
        Assert.All(series[1].Files, f => Assert.StartsWith("decoy", Path.GetFileName(f), StringComparison.Ordinal));

        // The listed files of the second series read that series.
        Volume decoy = DicomSeriesReader.Read(series[1].Files);
        Assert.Equal(VolumeElementType.UInt8, decoy.OriginalElementType);
        Assert.Equal(2, decoy.Size.K);
        Assert.Equal(5.0, decoy.Geometry.SpacingMm.Z, 12);

        Volume byUid = DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"), new DicomSeriesReadOptions { SeriesInstanceUid = series[1].SeriesInstanceUid });
        Assert.Equal(decoy.Voxels, byUid.Voxels);
    }

    [Fact]
    public void Read_FileListInAnyOrder_SameVolume()
    {
        string[] files = Directory.GetFiles(DicomTestFiles.File("series_oblique"), "img*.dcm");
        Volume a = DicomSeriesReader.Read(files);
        Volume b = DicomSeriesReader.Read(files.Reverse());
        Assert.Equal(a.Voxels, b.Voxels);
        Assert.Equal(a.Geometry, b.Geometry);
    }

    [Fact]
    public void Read_UnevenSpacing_ThrowsListingSteps()
    {
        string folder = DicomTestFiles.File("series_uneven");
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(folder));
        Assert.Equal(folder, ex.FilePath);
        Assert.Contains("not evenly spaced", ex.Message, StringComparison.Ordinal);
        Assert.Contains("steps: 2, 2, 4, 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUnevenSpacing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnevenSpacingAllowed_UsesMeanStepAndRecordsPositions()
    {
        Volume v = DicomSeriesReader.Read(DicomTestFiles.File("series_uneven"), new DicomSeriesReadOptions { AllowUnevenSpacing = true });
        Assert.Equal(2.5, v.Geometry.SpacingMm.Z, 12);
        Assert.Equal("true", v.Metadata[DicomMetadataKeys.UnevenSpacing]);
        Assert.Equal("0,2,4,8,10", v.Metadata[DicomMetadataKeys.SlicePositions]);
        Assert.Equal(1.0, double.Parse(v.Metadata[DicomMetadataKeys.MaxSliceDeviation], CultureInfo.InvariantCulture), 9); // slice at 4 vs grid 5
    }

    [Fact]
    public void Read_DuplicatePositions_ThrowsNamingBothFiles()
    {
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(DicomTestFiles.File("series_duplicate")));
        Assert.Contains("same position", ex.Message, StringComparison.Ordinal);
        Assert.Contains("s1.dcm", ex.Message, StringComparison.Ordinal);
        Assert.Contains("s2.dcm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyUids_AssemblesByGeometry()
    {
        JsonElement e = DicomTestFiles.Expected.GetProperty("series").GetProperty("series_empty_uid");
        Volume v = DicomSeriesReader.Read(DicomTestFiles.File("series_empty_uid"));
        Assert.Equal(5, v.Size.K);
        Assert.Equal("", v.Metadata[VolumeMetadataKeys.SeriesInstanceUid]);
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("origin")), v.Geometry.OriginLps, 1e-9, "origin");
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("spacing")), v.Geometry.SpacingMm, 1e-9, "spacing");
        Assert.Equal(e.GetProperty("sha256Float32").GetString(), DicomTestFiles.Sha256(v.Voxels));
    }

    public static TheoryData<string> MultiframeFiles()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement f in DicomTestFiles.Expected.GetProperty("series").GetProperty("multiframe").GetProperty("files").EnumerateArray())
        {
            data.Add(f.GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MultiframeFiles))]
    public void Read_MultiframeFunctionalGroups_PerFramePositionsAndRescale(string file)
    {
        JsonElement e = DicomTestFiles.Expected.GetProperty("series").GetProperty("multiframe");
        Volume v = DicomSeriesReader.Read(DicomTestFiles.File(file));
        Assert.Equal((20, 24, 4), (v.Size.I, v.Size.J, v.Size.K));
        // Positions are written with 10 significant digits, so the step is 2.5 to within 1e-7 mm.
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("spacing")), v.Geometry.SpacingMm, 1e-7, "spacing");
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("origin")), v.Geometry.OriginLps, 1e-9, "origin");
        JsonElement[] columns = [.. e.GetProperty("direction").EnumerateArray()];
        for (int c = 0; c < 3; c++)
        {
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(columns[c]), v.Geometry.Direction.Column(c), 1e-7, $"direction column {c}");
        }

        Assert.Equal(e.GetProperty("sha256Float32").GetString(), DicomTestFiles.Sha256(v.Voxels));
        Assert.Equal("4", v.Metadata[VolumeMetadataKeys.SliceCount]);
    }

    [Fact]
    public void Read_MissingPath_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => DicomSeriesReader.Read(Path.Combine(Path.GetTempPath(), "no-such-dicom-" + Guid.NewGuid())));
        Assert.Throws<ArgumentNullException>(() => DicomSeriesReader.Read((string)null!));
    }

    [Fact]
    public void Read_FolderWithoutDicom_ThrowsNamingFolder()
    {
        using var temp = new DicomTempFolder();
        temp.Write("a.txt", "hello"u8.ToArray());
        var ex = Assert.Throws<InvalidVolumeContentException>(() => DicomSeriesReader.Read(temp.Path));
        Assert.Equal(temp.Path, ex.FilePath);
        Assert.Contains("no DICOM image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DicomSeriesReader.Read(DicomTestFiles.File("series_oblique"), cts.Token));
    }

    [Fact]
    public void Read_GantryTilt_ThrowsUnsupportedShear()
    {
        using var temp = new DicomTempFolder();
        for (int k = 0; k < 4; k++)
        {
            // Each slice moves 2 mm along z and 1 mm along y: the stack is sheared.
            temp.Write($"t{k}.dcm", Slice(position: $"0\\{k}\\{2 * k}", orientation: "1\\0\\0\\0\\1\\0"));
        }

        var ex = Assert.Throws<UnsupportedVolumeContentException>(() => DicomSeriesReader.Read(temp.Path));
        Assert.Contains("gantry tilt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoPositionOrOrientation_AssumesIdentityAndRecordsIt()
    {
        using var temp = new DicomTempFolder();
        temp.Write("b.dcm", Slice(position: null, orientation: null, instance: 2, fill: 2));
        temp.Write("a.dcm", Slice(position: null, orientation: null, instance: 1, fill: 1));
        Volume v = DicomSeriesReader.Read(temp.Path);
        Assert.Equal(2, v.Size.K);
        Assert.Equal(1f, v[0, 0, 0]); // ordered by InstanceNumber
        Assert.Equal(2f, v[0, 0, 1]);
        Assert.Equal(Matrix3d.Identity, v.Geometry.Direction);
        Assert.Contains("InstanceNumber", v.Metadata[DicomMetadataKeys.AssumedGeometry], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SingleSlice_KSpacingFromSpacingBetweenSlices()
    {
        using var temp = new DicomTempFolder();
        string path = temp.Write("one.dcm", Slice(position: "1\\2\\3", orientation: "0\\1\\0\\0\\0\\-1", spacingBetweenSlices: "4.5"));
        Volume v = DicomSeriesReader.Read(path);
        Assert.Equal(new Vector3d(0.5, 0.25, 4.5), v.Geometry.SpacingMm); // PixelSpacing is row\\column = 0.25\\0.5
        Assert.Equal(new Vector3d(0, 1, 0), v.Geometry.Direction.Column(0));
        Assert.Equal(new Vector3d(0, 0, -1), v.Geometry.Direction.Column(1));
        Assert.Equal(new Vector3d(-1, 0, 0), v.Geometry.Direction.Column(2)); // row × column
        Assert.Equal(new Vector3d(1, 2, 3), v.Geometry.OriginLps);
    }

    private static byte[] Slice(string? position, string? orientation, int instance = 1, ushort fill = 7, string? spacingBetweenSlices = null)
    {
        var w = DicomTestWriter.Part10().Text(0x0008, 0x0060, "CS", "CT");
        if (spacingBetweenSlices is not null)
        {
            w.Text(0x0018, 0x0088, "DS", spacingBetweenSlices);
        }

        w.Text(0x0020, 0x000E, "UI", "1.2.3.4").Text(0x0020, 0x0013, "IS", instance.ToString(CultureInfo.InvariantCulture));
        if (position is not null)
        {
            w.Text(0x0020, 0x0032, "DS", position);
        }

        if (orientation is not null)
        {
            w.Text(0x0020, 0x0037, "DS", orientation);
        }

        w.ImageModule(3, 4).Text(0x0028, 0x0030, "DS", "0.25\\0.5");
        byte[] pixels = new byte[3 * 4 * 2];
        for (int p = 0; p < 12; p++)
        {
            pixels[2 * p] = (byte)fill;
        }

        return w.Element(0x7FE0, 0x0010, "OW", pixels).ToArray();
    }
}
