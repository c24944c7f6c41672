using H3deMl.Core.IO;
using H3deMl.Core.IO.Nifti;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO;

public sealed class NiftiReaderTests
{
    public static TheoryData<string> DataFiles => IoExpectations.Files("nifti");

    public static TheoryData<string> NibabelFiles => IoExpectations.Files("nibabelNifti");

    [DataTheory]
    [MemberData(nameof(DataFiles))]
    public void Read_RealFile_MatchesNibabel(string file)
    {
        Volume v = NiftiReader.Read(TestData.File(file));
        System.Text.Json.JsonElement e = IoExpectations.Entry("nifti", file);
        IoExpectations.AssertMatches(e, v);
        Assert.Equal(e.GetProperty("dtype").GetString(), NumpyName(v.OriginalElementType));
        Assert.Equal(e.GetProperty("sformCode").GetInt32() > 0 ? "sform" : "qform", v.Metadata[VolumeMetadataKeys.NiftiTransform]);
    }

    [NibabelDataTheory]
    [MemberData(nameof(NibabelFiles))]
    public void Read_NibabelTestFile_MatchesNibabel(string file)
    {
        Volume v = NiftiReader.Read(TestData.NibabelFile(file));
        System.Text.Json.JsonElement e = IoExpectations.Entry("nibabelNifti", file);
        IoExpectations.AssertMatches(e, v);
        Assert.Equal(e.GetProperty("version").GetInt32() == 2 ? "NIfTI-2" : "NIfTI-1", v.Metadata[VolumeMetadataKeys.Format]);
    }

    [DataFact("totalsegmentator-ct/example_ct.nii.gz")]
    public void Read_ThroughVolumeRead_DetectsFormatFromContent()
    {
        Volume v = Volume.Read(TestData.File("totalsegmentator-ct/example_ct.nii.gz"));
        Assert.Equal("NIfTI-1", v.Metadata[VolumeMetadataKeys.Format]);
        Assert.Equal(VolumeElementType.Int32, v.OriginalElementType);
    }

    [Fact]
    public void Read_QformOnly_UsesQuaternionAndQfac()
    {
        // A hand-made header: qform_code 1, 90° rotation about z (b=c=0, d=√½), qfac −1, pixdim 2,3,4, offset (10,20,30) RAS.
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "q.nii");
        byte[] header = new byte[352];
        var span = header.AsSpan();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span, 348);
        short[] dim = [3, 2, 2, 2, 1, 1, 1, 1];
        for (int n = 0; n < 8; n++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[(40 + (2 * n))..], dim[n]);
        }

        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[70..], 2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[72..], 8);
        float[] pixdim = [-1, 2, 3, 4, 1, 1, 1, 1];
        for (int n = 0; n < 8; n++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[(76 + (4 * n))..], pixdim[n]);
        }

        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[108..], 352);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[252..], 1);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[264..], (float)Math.Sqrt(0.5));
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[268..], 10);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[272..], 20);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[276..], 30);
        "n+1\0"u8.CopyTo(span[344..]);
        File.WriteAllBytes(path, [.. header, 1, 2, 3, 4, 5, 6, 7, 8]);

        Volume v = NiftiReader.Read(path);

        // R (RAS) = rotation by 90° about z: i → +y (anterior), j → −x (left... in RAS −x is left); qfac flips k.
        // LPS: i → −y·(−1) = posterior? i column RAS (0,1,0) → LPS (0,−1,0); j column RAS (−1,0,0) → LPS (1,0,0); k → (0,0,−1).
        IoExpectations.AssertClose([0, 1, 0, -1, 0, 0, 0, 0, -1], v.Geometry.Direction.ToRowMajorArray(), 1e-6, "direction");
        IoExpectations.AssertClose([2, 3, 4], v.Geometry.SpacingMm.ToArray(), 1e-6, "spacing");
        IoExpectations.AssertClose([-10, -20, 30], v.Geometry.OriginLps.ToArray(), 1e-6, "origin");
        Assert.Equal("qform", v.Metadata[VolumeMetadataKeys.NiftiTransform]);
        Assert.Equal(8f, v[1, 1, 1]);
    }

    private static string NumpyName(VolumeElementType t) => t.ToShortName();
}
