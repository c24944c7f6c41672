using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO;
using H3deMl.Core.IO.Dicom;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO.Dicom;

/// <summary>The real series in ../shared/data, against pydicom/dcmtk/gdcm/nibabel values from generate_real_expected.py.</summary>
public sealed class DicomRealDataTests
{
    private const string CtHead = "slicer/CTHeadAxialDicom";
    private const string QaTs = "dcm_qa_ts/In";
    private const string TotalSegmentator = "totalsegmentator-ct/example_ct_dicom";

    [DataFact(CtHead)]
    public void Read_CtHead_SortedByPositionNotFileNameAndMatchesPydicom()
    {
        JsonElement e = DicomTestFiles.ExpectedReal.GetProperty("ctHead");
        Volume v = DicomSeriesReader.Read(TestData.File(CtHead));
        AssertSeries(e, v);
        Assert.Equal(VolumeElementType.Int16, v.OriginalElementType);
        Assert.Equal("93", v.Metadata[VolumeMetadataKeys.SliceCount]);
        Assert.Equal("1.2.840.10008.1.2.1", v.Metadata[VolumeMetadataKeys.TransferSyntaxUid]);
        Assert.Equal("Explicit VR Little Endian", v.Metadata[VolumeMetadataKeys.TransferSyntaxName]);

        // Text order would put CTHead10 second; the first and last slices by position are CTHead1 and CTHead93.
        IReadOnlyList<DicomSeriesInfo> series = DicomSeriesReader.ListSeries(TestData.File(CtHead));
        Assert.Single(series);
        Assert.Equal(e.GetProperty("firstFile").GetString(), Path.GetFileName(series[0].Files[0]));
        Assert.Equal(e.GetProperty("lastFile").GetString(), Path.GetFileName(series[0].Files[^1]));
    }

    public static TheoryData<string> CtHeadVariants() =>
        new(DicomTestFiles.ExpectedReal.GetProperty("ctHeadTranscoded").GetProperty("variants").EnumerateArray().Select(x => x.GetString()!));

    [TranscodedDicomTheory("cthead")]
    [MemberData(nameof(CtHeadVariants))]
    public void Read_CtHeadTranscoded_SameVoxelsAsOriginal(string variant)
    {
        string folder = DicomTestFiles.Transcoded(Path.Combine("cthead", variant));
        Assert.True(Directory.Exists(folder), $"{folder} is missing: rerun generate_real_expected.py");
        Volume v = DicomSeriesReader.Read(folder);
        AssertSeries(DicomTestFiles.ExpectedReal.GetProperty("ctHead"), v);
    }

    public static TheoryData<string> QaFiles() =>
        new(DicomTestFiles.ExpectedReal.GetProperty("dcmQaTs").GetProperty("files").EnumerateArray().Select(x => x.GetProperty("file").GetString()!));

    [DataTheory(QaTs)]
    [MemberData(nameof(QaFiles))]
    public void Read_DcmQaTs_SupportedIdenticalUnsupportedNamesSyntax(string file)
    {
        JsonElement all = DicomTestFiles.ExpectedReal.GetProperty("dcmQaTs");
        JsonElement e = all.GetProperty("files").EnumerateArray().Single(x => x.GetProperty("file").GetString() == file);
        string path = TestData.File(Path.Combine(QaTs, file));
        string uid = e.GetProperty("transferSyntax").GetString()!;

        // The image is a Siemens MOSAIC: refused by default, read as the stored tiled image only on request.
        var mosaic = Assert.Throws<UnsupportedVolumeContentException>(() => DicomSeriesReader.Read(path));
        Assert.Contains("MOSAIC", mosaic.Message, StringComparison.Ordinal);
        var tiled = new DicomSeriesReadOptions { ReadMosaicTiled = true };
        if (e.GetProperty("expect").GetString() == "decode")
        {
            Volume v = DicomSeriesReader.Read(path, tiled);
            Assert.Equal(all.GetProperty("sha256Float32").GetString(), DicomTestFiles.Sha256(v.Voxels));
            Assert.Equal(uid, v.Metadata[VolumeMetadataKeys.TransferSyntaxUid]);
            Assert.Equal(VolumeElementType.UInt16, v.OriginalElementType);
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(all.GetProperty("origin")), v.Geometry.OriginLps, 1e-9, "origin");
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(all.GetProperty("rowCosine")), v.Geometry.Direction.Column(0), 1e-6, "i direction = IOP row cosine");
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(all.GetProperty("columnCosine")), v.Geometry.Direction.Column(1), 1e-6, "j direction = IOP column cosine");
            double[] ps = DicomTestFiles.Doubles(all.GetProperty("pixelSpacing"));
            Assert.Equal(ps[1], v.Geometry.SpacingMm.X, 12);
            Assert.Equal(ps[0], v.Geometry.SpacingMm.Y, 12);
        }
        else
        {
            var ex = Assert.Throws<UnsupportedVolumeContentException>(() => DicomSeriesReader.Read(path, tiled));
            AssertUnsupportedSyntax(ex, path, uid, e.GetProperty("name").GetString()!);
        }
    }

    [DataFact(TotalSegmentator)]
    public void Read_TotalSegmentatorJpeg2000_ThrowsNamingSyntaxAndConversion()
    {
        JsonElement e = DicomTestFiles.ExpectedReal.GetProperty("totalSegmentator");
        string folder = TestData.File(TotalSegmentator);
        var ex = Assert.Throws<UnsupportedVolumeContentException>(() => DicomSeriesReader.Read(folder));
        Assert.StartsWith(folder, ex.FilePath, StringComparison.Ordinal);
        AssertUnsupportedSyntax(ex, ex.FilePath, e.GetProperty("transferSyntax").GetString()!, e.GetProperty("transferSyntaxName").GetString()!);

        // Listing works without decoding: one series of 20 despite the empty UIDs.
        IReadOnlyList<DicomSeriesInfo> series = DicomSeriesReader.ListSeries(folder);
        Assert.Single(series);
        Assert.Equal(20, series[0].SliceCount);
        Assert.Equal("", series[0].SeriesInstanceUid);
        Assert.Equal("1.2.840.10008.1.2.4.90", series[0].TransferSyntaxUid);
    }

    [TranscodedDicomFact("totalsegmentator-raw")]
    public void Read_TotalSegmentatorConvertedToRaw_SpacingFromPositionsAndNiftiGrid()
    {
        JsonElement e = DicomTestFiles.ExpectedReal.GetProperty("totalSegmentator");
        Volume v = DicomSeriesReader.Read(DicomTestFiles.Transcoded(e.GetProperty("rawFolder").GetString()!));
        AssertSeries(e, v);
        Assert.Equal(2.0, v.Geometry.SpacingMm.Z, 9);          // from positions ...
        Assert.Equal("3", v.Metadata[DicomMetadataKeys.SliceThickness]); // ... not from SliceThickness
        Assert.Equal("", v.Metadata[VolumeMetadataKeys.SeriesInstanceUid]);
        Assert.Equal("-1024", v.Metadata[VolumeMetadataKeys.RescaleIntercept]);

        // Every voxel centre of ours is a voxel centre of the segmentation NIfTI made in the DICOM grid (nibabel affine,
        // RAS converted to LPS): check the eight corners land on integer NIfTI indices.
        double[][] affine = [.. e.GetProperty("niftiLpsAffine").EnumerateArray().Select(DicomTestFiles.Doubles)];
        var m = new Matrix3d(affine[0][0], affine[0][1], affine[0][2], affine[1][0], affine[1][1], affine[1][2], affine[2][0], affine[2][1], affine[2][2]);
        var t = new Vector3d(affine[0][3], affine[1][3], affine[2][3]);
        Matrix3d inverse = m.Inverse();
        foreach (int i in new[] { 0, v.Size.I - 1 })
        {
            foreach (int j in new[] { 0, v.Size.J - 1 })
            {
                foreach (int k in new[] { 0, v.Size.K - 1 })
                {
                    Vector3d n = inverse * (v.Geometry.IndexToWorld(new Vector3d(i, j, k)) - t);
                    for (int a = 0; a < 3; a++)
                    {
                        Assert.True(Math.Abs(n[a] - Math.Round(n[a])) < 1e-6 && Math.Round(n[a]) >= 0 && Math.Round(n[a]) < v.Size[a], $"voxel ({i},{j},{k}) maps to NIfTI index {n}");
                    }
                }
            }
        }
    }

    [TranscodedDicomFact("totalsegmentator-raw")]
    public void Read_TotalSegmentatorConvertedToRaw_SegmentationNiftiLabelsTissue()
    {
        // The segmentation NIfTI made in the DICOM grid, read by our NIfTI reader (RAS converted to LPS): every DICOM
        // voxel centre must be one of its voxel centres, and the labelled voxels must hold the HU that pydicom+nibabel
        // found there (tissue), the unlabelled ones the rest (mostly air).
        JsonElement e = DicomTestFiles.ExpectedReal.GetProperty("totalSegmentator");
        Volume ct = DicomSeriesReader.Read(DicomTestFiles.Transcoded(e.GetProperty("rawFolder").GetString()!));
        Volume seg = Volume.Read(TestData.File("totalsegmentator-ct/example_seg_dicom.nii.gz"));
        Assert.Equal(ct.Size, seg.Size);
        double labelled = 0, unlabelled = 0;
        long labelledCount = 0, unlabelledCount = 0;
        for (int k = 0; k < ct.Size.K; k++)
        {
            for (int j = 0; j < ct.Size.J; j++)
            {
                for (int i = 0; i < ct.Size.I; i++)
                {
                    Vector3d n = seg.Geometry.WorldToIndex(ct.Geometry.IndexToWorld(new Vector3d(i, j, k)));
                    int si = (int)Math.Round(n.X), sj = (int)Math.Round(n.Y), sk = (int)Math.Round(n.Z);
                    Assert.True(Math.Abs(n.X - si) + Math.Abs(n.Y - sj) + Math.Abs(n.Z - sk) < 1e-6, $"voxel ({i},{j},{k}) is off the NIfTI grid: {n}");
                    if (seg[si, sj, sk] > 0)
                    {
                        labelled += ct[i, j, k];
                        labelledCount++;
                    }
                    else
                    {
                        unlabelled += ct[i, j, k];
                        unlabelledCount++;
                    }
                }
            }
        }

        Assert.Equal(e.GetProperty("labelledVoxels").GetInt64(), labelledCount);
        Assert.Equal(e.GetProperty("labelledMeanHu").GetDouble(), labelled / labelledCount, 6);
        Assert.Equal(e.GetProperty("unlabelledMeanHu").GetDouble(), unlabelled / unlabelledCount, 6);
    }

    private static void AssertSeries(JsonElement e, Volume v)
    {
        double[] size = DicomTestFiles.Doubles(e.GetProperty("size"));
        Assert.Equal(((int)size[0], (int)size[1], (int)size[2]), (v.Size.I, v.Size.J, v.Size.K));
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("spacing")), v.Geometry.SpacingMm, 1e-9, "spacing");
        DicomTestFiles.AssertClose(DicomTestFiles.Vector(e.GetProperty("origin")), v.Geometry.OriginLps, 1e-9, "origin");
        JsonElement[] columns = [.. e.GetProperty("direction").EnumerateArray()];
        for (int c = 0; c < 3; c++)
        {
            DicomTestFiles.AssertClose(DicomTestFiles.Vector(columns[c]), v.Geometry.Direction.Column(c), 1e-9, $"direction column {c}");
        }

        foreach (JsonElement s in e.GetProperty("samples").EnumerateArray())
        {
            double[] ijk = DicomTestFiles.Doubles(s.GetProperty("ijk"));
            Assert.Equal((float)s.GetProperty("value").GetDouble(), v[(int)ijk[0], (int)ijk[1], (int)ijk[2]]);
        }

        Assert.Equal(e.GetProperty("sha256Float32").GetString(), DicomTestFiles.Sha256(v.Voxels));
    }

    private static void AssertUnsupportedSyntax(UnsupportedVolumeContentException ex, string path, string uid, string name)
    {
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(uid, ex.Message, StringComparison.Ordinal);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("gdcmconv --raw", ex.Message, StringComparison.Ordinal);
        Assert.Equal(uid, ex.Data["TransferSyntaxUid"]);
        Assert.Equal("(0002,0010)", ex.Tag);
    }
}
