using H3deMl.Core.IO;
using H3deMl.Core.IO.Nrrd;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO;

public sealed class NrrdReaderTests
{
    public static TheoryData<string> Files => IoExpectations.Files("nrrd");

    [DataTheory]
    [MemberData(nameof(Files))]
    public void Read_RealFile_MatchesNumpyOracle(string file)
    {
        Volume v = NrrdReader.Read(TestData.File(file));
        IoExpectations.AssertMatches(IoExpectations.Entry("nrrd", file), v);
        Assert.Equal("NRRD", v.Metadata[VolumeMetadataKeys.Format]);
    }

    [DataFact("pynrrd/nrrd/tests/data/BallBinary30x30x30_nifti.nhdr")]
    public void Read_GzipDataLongerThanDeclared_ThrowsNamingByteSkip()
    {
        // The data file is a whole .nii.gz (352 header bytes + voxels) but the header has no 'byte skip: -1' (as pynrrd, we refuse).
        var e = Assert.Throws<InvalidVolumeContentException>(() => NrrdReader.Read(TestData.File("pynrrd/nrrd/tests/data/BallBinary30x30x30_nifti.nhdr")));
        Assert.Contains("BallBinary30x30x30.nii.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte skip: -1", e.Message, StringComparison.Ordinal);
    }

    [DataFact("pynrrd/nrrd/tests/data/BallBinary30x30x30_byteskip_minus_five.nhdr")]
    public void Read_ByteSkipBelowMinusOne_ThrowsNamingField()
    {
        var e = Assert.Throws<InvalidVolumeContentException>(() => NrrdReader.Read(TestData.File("pynrrd/nrrd/tests/data/BallBinary30x30x30_byteskip_minus_five.nhdr")));
        Assert.Equal("byte skip", e.Field);
        Assert.StartsWith("BallBinary30x30x30_byteskip_minus_five.nhdr:", e.Message, StringComparison.Ordinal);
    }

    [DataFact("pynrrd/nrrd/tests/data/test_customFields.nrrd")]
    public void Read_CustomFields_KeptAsPrefixedMetadata()
    {
        Volume v = NrrdReader.Read(TestData.File("pynrrd/nrrd/tests/data/test_customFields.nrrd"));
        Assert.Equal("24", v.Metadata["nrrd:int"]);
        Assert.Equal("(100.5,200.3,-300.99)", v.Metadata["nrrd:double vector"]);
        Assert.Equal(27, v.Size.I);
    }

    [DataFact("slicer/multishell-DWI-451dir.nhdr")]
    public void Read_ListAxisFirst_ComponentsAndObliqueGeometryExact()
    {
        Volume v = NrrdReader.Read(TestData.File("slicer/multishell-DWI-451dir.nhdr"));
        Assert.Equal(451, v.Components);
        Assert.Equal("list", v.Metadata[VolumeMetadataKeys.ComponentKind]);
        Assert.Equal("DWMRI", v.Metadata["nrrd:modality"]);

        // space RAS → LPS: the first axis direction (−2.49…, 0.0015…, 0.2178…) RAS becomes (2.49…, −0.0015…, 0.2178…) LPS.
        var axis0 = v.Geometry.Direction.Column(0) * v.Geometry.SpacingMm.X;
        Assert.Equal(2.4904873929542752, axis0.X, 12);
        Assert.Equal(-0.001526874873563903, axis0.Y, 12);
        Assert.Equal(0.2178766031241865, axis0.Z, 12);
        Assert.Equal(-9.1900975709163664, v.Geometry.OriginLps.X, 12);
    }

    [Fact]
    public void Read_Bzip2Encoding_DecodesLikePythonBz2()
    {
        // Made by Python's bz2.compress (libbzip2) of the bytes 0..255 repeated 40 times then 1000 sevens (runs and all symbols).
        const string Bzip2Base64 = "QlpoOTFBWSZTWTP0W+MAAAB/////////////////////////////////////////////0AP+AAAAASYACYAAmAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACTAATAAEwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAASYACYAAmAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACTAATAAEwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAClVVAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB83/VGAiYEJgYmCCYKJgwn92DYSMJEwAphQmFiYYJhomHCYeJiAmIiYkJiYmKCYqJiwmLiYwJjImNCY2JjgmOiY8Jj4mQCZCJkQmRiZIJkomTCZOJlAmUiZUJlYmWCZaJlwmXiZgJmImZCZmJmgmaiZsJm4mcCZyJnQmdiZ4JnomfCZ+JoAmgiaEJoYmiCaKJowmjiaQJpImlCaWJpgmmiacJp4moCaiJqQmpiaoJqomrCauJrAmsia0JrYmuCa6JrwmvibAJsImxCbGJsgmyibMJs4m0CbSJtQm1ibYJtom3CbeJuAm4ibkJuYm6CbqJuwm7ibwJvIm9Cb2Jvgm+ib8Jv4nACcCJwQnBicIJwonDCcOJxAnEicUJxYnGCcaJxwnHicgJyInJCcmJygnKicsJy4nMCcyJzQnNic4JzonPCc+J0AnQidEJ0YnSCdKJ0wnTidQJ1InVCdWJ1gnWidcJ14nYCdiJ2QnZidoJ2onbCduJ3Ancid0J3YneCd6J3wnfieAJ4InhCeGJ4gniieMJ44nkCeSJ5QnlieYJ5onnCeeJ6AnoiekJ6YnqCeqJ6wnriewJ7IntCe2J7gnuie8J74nwCfCJ8QnxifIJ8onzCfOJ7v0CfQJ9In1CfWJ9gn2ifcJ94n4CfiJ+Qn5ifoJ+on7CfuJ/An8if0Jid/Yn6if4J/on/Cf+LuSKcKEgZ+i3xg";
        byte[] payload = [.. Enumerable.Range(0, 40 * 256).Select(x => (byte)(x % 256)), .. Enumerable.Repeat((byte)7, 1000)];
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "b.nrrd");
        File.WriteAllBytes(path, [.. System.Text.Encoding.ASCII.GetBytes($"NRRD0004\ntype: uchar\ndimension: 1\nsizes: {payload.Length}\nencoding: bzip2\n\n"), .. Convert.FromBase64String(Bzip2Base64)]);

        Volume v = NrrdReader.Read(path);

        Assert.Equal(payload.Select(b => (float)b).ToArray(), v.Voxels);
    }

    [Fact]
    public void Read_Bzip2WithFlippedByte_ThrowsCorrupt()
    {
        const string Bzip2Base64 = "QlpoOTFBWSZTWTP0W+MAAAB/////////////////////////////////////////////0AP+AAAAASYACYAAmAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACTAATAAEwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAASYACYAAmAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACTAATAAEwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAClVVAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB83/VGAiYEJgYmCCYKJgwn92DYSMJEwAphQmFiYYJhomHCYeJiAmIiYkJiYmKCYqJiwmLiYwJjImNCY2JjgmOiY8Jj4mQCZCJkQmRiZIJkomTCZOJlAmUiZUJlYmWCZaJlwmXiZgJmImZCZmJmgmaiZsJm4mcCZyJnQmdiZ4JnomfCZ+JoAmgiaEJoYmiCaKJowmjiaQJpImlCaWJpgmmiacJp4moCaiJqQmpiaoJqomrCauJrAmsia0JrYmuCa6JrwmvibAJsImxCbGJsgmyibMJs4m0CbSJtQm1ibYJtom3CbeJuAm4ibkJuYm6CbqJuwm7ibwJvIm9Cb2Jvgm+ib8Jv4nACcCJwQnBicIJwonDCcOJxAnEicUJxYnGCcaJxwnHicgJyInJCcmJygnKicsJy4nMCcyJzQnNic4JzonPCc+J0AnQidEJ0YnSCdKJ0wnTidQJ1InVCdWJ1gnWidcJ14nYCdiJ2QnZidoJ2onbCduJ3Ancid0J3YneCd6J3wnfieAJ4InhCeGJ4gniieMJ44nkCeSJ5QnlieYJ5onnCeeJ6AnoiekJ6YnqCeqJ6wnriewJ7IntCe2J7gnuie8J74nwCfCJ8QnxifIJ8onzCfOJ7v0CfQJ9In1CfWJ9gn2ifcJ94n4CfiJ+Qn5ifoJ+on7CfuJ/An8if0Jid/Yn6if4J/on/Cf+LuSKcKEgZ+i3xg";
        byte[] bz = Convert.FromBase64String(Bzip2Base64);
        bz[bz.Length / 2] ^= 0x10;
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "bad.nrrd");
        File.WriteAllBytes(path, [.. System.Text.Encoding.ASCII.GetBytes("NRRD0004\ntype: uchar\ndimension: 1\nsizes: 11240\nencoding: bzip2\n\n"), .. bz]);

        var e = Assert.ThrowsAny<VolumeFormatException>(() => NrrdReader.Read(path));
        Assert.StartsWith("bad.nrrd:", e.Message, StringComparison.Ordinal);
    }
}
