using H3deMl.Core.IO;
using H3deMl.Core.IO.Dicom;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>The Part 10 parser, dataset access and the transfer syntax table.</summary>
public sealed class DicomParserTests
{
    [Fact]
    public void IsDicom_PreambleOrPlausibleFirstElement()
    {
        byte[] part10 = File.ReadAllBytes(DicomTestFiles.File("s16_explicit_le.dcm"));
        Assert.True(DicomSeriesReader.IsDicom(part10.AsSpan(0, 132)));
        Assert.True(DicomSeriesReader.IsDicom(part10.AsSpan(132)));  // preamble-less: starts with (0002,0000) UL
        Assert.False(DicomSeriesReader.IsDicom("NRRD0004\nfoo bar baz"u8));
        Assert.False(DicomSeriesReader.IsDicom(new byte[200]));
        Assert.False(DicomSeriesReader.IsDicom([]));
    }

    [Fact]
    public void Read_PreamblelessFile_SameVolume()
    {
        byte[] part10 = File.ReadAllBytes(DicomTestFiles.File("s16_implicit_le.dcm"));
        using var temp = new DicomTempFolder();
        string path = temp.Write("raw.dcm", part10[132..]);
        Assert.Equal(DicomSeriesReader.Read(DicomTestFiles.File("s16_implicit_le.dcm")).Voxels, DicomSeriesReader.Read(path).Voxels);
    }

    [Fact]
    public void Dataset_GetTryGetOrDefault()
    {
        DicomFile file = DicomFile.Open(DicomTestFiles.File("s16_big_endian.dcm"));
        DicomDataset ds = file.Dataset;
        Assert.Equal("1.2.840.10008.1.2.2", file.TransferSyntax.Uid);
        Assert.False(file.TransferSyntax.IsLittleEndian);
        Assert.Equal(24, ds.GetInt32(DicomTags.Rows));          // US, big endian
        Assert.Equal(20, ds.GetInt32(DicomTags.Columns));
        Assert.Equal([0.7, 0.9], ds.GetDoubles(DicomTags.PixelSpacing, 2));
        Assert.Equal("CT", ds.GetString(DicomTags.Modality));
        Assert.True(ds.TryGetDouble(DicomTags.RescaleSlope, out double slope));
        Assert.Equal(2.0, slope);
        Assert.False(ds.TryGetInt32(DicomTags.NumberOfFrames, out _));
        Assert.Equal(1, ds.GetInt32OrDefault(DicomTags.NumberOfFrames, 1));
        Assert.Equal("none", ds.GetStringOrDefault(DicomTags.BodyPartExamined, "none"));

        var missing = Assert.Throws<InvalidVolumeContentException>(() => ds.GetInt32(DicomTags.NumberOfFrames));
        Assert.Contains("(0028,0008) NumberOfFrames", missing.Message, StringComparison.Ordinal);
        Assert.Contains("absent", missing.Message, StringComparison.Ordinal);
        Assert.Equal("(0028,0008)", missing.Tag);

        var count = Assert.Throws<InvalidVolumeContentException>(() => ds.GetDoubles(DicomTags.PixelSpacing, 3));
        Assert.Contains("found 2 value(s)", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ImplicitVrSequencesOfDefinedAndUndefinedLength()
    {
        DicomFile explicitFile = DicomFile.Open(DicomTestFiles.File("multiframe_explicit_le.dcm"));
        DicomFile implicitFile = DicomFile.Open(DicomTestFiles.File("multiframe_implicit_le.dcm"));
        foreach (DicomFile f in new[] { explicitFile, implicitFile })
        {
            Assert.True(f.Dataset.TryGetSequence(DicomTags.PerFrameFunctionalGroupsSequence, out List<DicomDataset>? items));
            Assert.Equal(4, items.Count);
            DicomDataset? position = items[2].FirstItemOrDefault(DicomTags.PlanePositionSequence);
            Assert.NotNull(position);
            Assert.Equal(3, position.GetDoubles(DicomTags.ImagePositionPatient, 3).Length);
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", false)]
    [InlineData("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", false)]
    [InlineData("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", false)]
    [InlineData("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true)]
    [InlineData("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true)]
    [InlineData("1.2.840.10008.1.2.5", "RLE Lossless", true)]
    [InlineData("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true)]
    [InlineData("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", false)]
    [InlineData("1.2.3.4.5", "unknown or private transfer syntax", false)]
    public void TransferSyntax_NamesAndCodecAvailability(string uid, string name, bool canDecode)
    {
        DicomTransferSyntax ts = DicomTransferSyntax.FromUid(uid);
        Assert.Equal(name, ts.Name);
        Assert.Equal(canDecode, ts.CanDecode);
    }

    [Fact]
    public void Read_UnsupportedSyntax_MessageNamesUidNameAndConversion()
    {
        byte[] bytes = DicomTestWriter.Part10("1.2.840.10008.1.2.4.81")
            .ImageModule(2, 2)
            .Element(0x7FE0, 0x0010, "OB", [], lengthOverride: 0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0)
            .Tag(0xFFFE, 0xE000).U32(4).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        using var temp = new DicomTempFolder();
        string path = temp.Write("jls.dcm", bytes);
        var ex = Assert.Throws<UnsupportedVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("1.2.840.10008.1.2.4.81 (JPEG-LS Lossy (Near-Lossless) Image Compression)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gdcmconv --raw", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dcmdjpls", ex.Message, StringComparison.Ordinal);
        Assert.Equal("1.2.840.10008.1.2.4.81", ex.Data["TransferSyntaxUid"]);
    }
}
