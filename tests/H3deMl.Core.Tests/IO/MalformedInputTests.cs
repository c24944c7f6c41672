using H3deMl.TestKit;
using System.IO.Compression;
using H3deMl.Core.IO;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO;

public sealed class MalformedInputTests
{
    [Theory]
    [InlineData(".nii")]
    [InlineData(".nii.gz")]
    [InlineData(".nrrd")]
    [InlineData(".nhdr")]
    [InlineData(".mha")]
    [InlineData(".mhd")]
    [InlineData(".npy")]
    public void Read_TruncatedFile_ThrowsInvalidContentNamingFile(string extension)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "case01" + extension);
        Volume v = BigEnough();
        v.Write(path);
        string dataPath = extension switch
        {
            ".nhdr" => Path.Combine(dir.Path, "case01.raw"),
            ".mhd" => Path.Combine(dir.Path, "case01.zraw"),
            _ => path,
        };

        if (extension == ".nii.gz")
        {
            // Re-compress only the first 60 % of the decompressed stream: a well-formed gzip of a truncated file.
            byte[] raw = Decompress(File.ReadAllBytes(path));
            File.WriteAllBytes(path, Compress(raw.AsSpan(0, raw.Length * 6 / 10).ToArray()));
        }
        else
        {
            byte[] bytes = File.ReadAllBytes(dataPath);
            File.WriteAllBytes(dataPath, bytes.AsSpan(0, bytes.Length * 6 / 10).ToArray());
        }

        var e = Assert.ThrowsAny<VolumeFormatException>(() => Volume.Read(path));
        Assert.IsType<InvalidVolumeContentException>(e);
        Assert.Contains("case01", e.Message, StringComparison.Ordinal);
        Assert.Contains(extension is ".nii" or ".nii.gz" or ".nrrd" or ".nhdr" or ".npy" ? "truncated" : "", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedNifti_MessageStatesDeclaredAndAvailableBytes()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "case01.nii");
        BigEnough().Write(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, 352 + 1000).ToArray());

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Equal("case01.nii: the header declares 20×10×5 float32 voxels (4,000 bytes) but only 1,000 bytes follow; the file is truncated.", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData("x.nii", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData("x.nrrd", new byte[] { (byte)'N', (byte)'R', (byte)'X', (byte)'D', (byte)'0', (byte)'0', (byte)'0', (byte)'4', 10, 10 })]
    [InlineData("x.npy", new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Z', 1, 0, 0, 0 })]
    [InlineData("x.mha", new byte[] { 0, 1, 2, 3, 4, 5, 10 })]
    public void Read_WrongMagic_ThrowsInvalidContentNamingFile(string name, byte[] content)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, content);

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.StartsWith(name + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NiftiAbsurdDims_ThrowsBeforeAllocating()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "huge.nii.gz");
        BigEnough().Write(path);
        byte[] raw = Decompress(File.ReadAllBytes(path));
        for (int n = 0; n < 3; n++)
        {
            raw[42 + (2 * n)] = 0xFF;
            raw[43 + (2 * n)] = 0x7F; // 32767 per axis: 3.5e13 voxels
        }

        File.WriteAllBytes(path, Compress(raw));

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Contains("32767×32767×32767", e.Message, StringComparison.Ordinal);
        Assert.Equal("dim", e.Field);
    }

    [Fact]
    public void Read_NiftiHeaderPromisingMoreThanGzipCanHold_Throws()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "liar.nii.gz");
        BigEnough().Write(path);
        byte[] raw = Decompress(File.ReadAllBytes(path));
        raw[42] = 0x00;
        raw[43] = 0x10; // 4096 × 10 × 5 float32 = 819 kB from a tiny gzip stream of a 4 kB image: still plausible, so also raise j
        raw[44] = 0x00;
        raw[45] = 0x10;
        File.WriteAllBytes(path, Compress(raw));

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.StartsWith("liar.nii.gz:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NrrdAbsurdSizes_ThrowsNamingSizes()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "huge.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: float\ndimension: 3\nsizes: 100000 100000 100000\nendian: little\nencoding: raw\n\n1234");

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Contains("100000×100000×100000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NrrdAsciiPromisingMoreValuesThanBytes_ThrowsBeforeAllocating()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "ascii.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: float\ndimension: 3\nsizes: 1000 1000 500\nencoding: ascii\n\n1 2 3\n");

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Contains("1000×1000×500", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NrrdNaNInSpaceDirections_ThrowsNamingField()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "nan.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: uchar\ndimension: 3\nspace: left-posterior-superior\nsizes: 1 1 1\nspace directions: (nan,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\nx");

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Equal("space directions", e.Field);
    }

    [Fact]
    public void Read_NiftiNaNInSform_ThrowsNamingSform()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "nan.nii");
        BigEnough().Write(path);
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, 280);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Equal("sform", e.Field);
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnsupportedNiftiDatatype_ThrowsUnsupported()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "complex.nii");
        BigEnough().Write(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[70] = 32; // complex64
        bytes[71] = 0;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<UnsupportedVolumeContentException>(() => Volume.Read(path));

        Assert.Contains("complex64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => Volume.Read(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid() + ".nii")));
    }

    private static Volume BigEnough()
    {
        var g = H3deMl.Core.Geometry.VolumeGeometry.AxisAligned(new H3deMl.Core.Geometry.VolumeSize(20, 10, 5));
        var voxels = new float[g.Size.VoxelCount];
        var random = new Random(3);
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = (float)random.NextDouble();
        }

        return new Volume(voxels, g, VolumeElementType.Float32);
    }

    private static byte[] Decompress(byte[] gz)
    {
        using var z = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Compress(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }
}
