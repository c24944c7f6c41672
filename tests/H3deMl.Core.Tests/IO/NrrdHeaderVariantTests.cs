using H3deMl.TestKit;
using System.Buffers.Binary;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO;
using H3deMl.Core.IO.Nrrd;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO;

public sealed class NrrdHeaderVariantTests
{
    [Fact]
    public void Read_BigEndianFloatInLasSpace_ConvertsToLps()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.nrrd");
        string header = "NRRD0005\ntype: float\ndimension: 3\nspace: left-anterior-superior\nsizes: 2 1 1\n" +
            "space directions: (2,0,0) (0,3,0) (0,0,4)\nendian: big\nencoding: raw\nspace origin: (1,2,3)\n\n";
        var data = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(data, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(4), -7.25f);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(header), .. data]);

        Volume v = NrrdReader.Read(path);

        Assert.Equal([1.5f, -7.25f], v.Voxels);

        // LAS → LPS negates y only.
        Assert.Equal(new Vector3d(1, -2, 3), v.Geometry.OriginLps);
        Assert.Equal(new Vector3d(0, -1, 0), v.Geometry.Direction.Column(1));
        Assert.Equal(new Vector3d(2, 3, 4), v.Geometry.SpacingMm);
    }

    [Fact]
    public void Read_TimeAxisLastWithoutSpace_BecomesComponentsFastest()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "t.nrrd");

        // 2×1×1 spatial, 3 time points stored slowest: values t*10 + i.
        File.WriteAllText(path, "NRRD0004\ntype: uchar\ndimension: 4\nsizes: 2 1 1 3\nkinds: domain domain domain time\nencoding: ascii\n\n0 1 10 11 20 21\n");

        Volume v = NrrdReader.Read(path);

        Assert.Equal(3, v.Components);
        Assert.Equal([0f, 10, 20, 1, 11, 21], v.Voxels);
        Assert.Equal("time", v.Metadata[VolumeMetadataKeys.ComponentKind]);
    }

    [Fact]
    public void Read_ShearedSpaceDirections_ThrowsUnsupported()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "s.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: uchar\ndimension: 3\nspace: LPS\nsizes: 1 1 1\nspace directions: (1,0,0) (0.5,1,0) (0,0,1)\nencoding: raw\n\nx");

        var e = Assert.Throws<UnsupportedVolumeContentException>(() => NrrdReader.Read(path));

        Assert.Contains("not perpendicular", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingEndianForShort_ThrowsNamingField()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "e.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: short\ndimension: 1\nsizes: 1\nencoding: raw\n\nxx");

        var e = Assert.Throws<InvalidVolumeContentException>(() => NrrdReader.Read(path));

        Assert.Equal("endian", e.Field);
    }

    [Fact]
    public void Read_UnknownEncoding_ThrowsUnsupported()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "z.nrrd");
        File.WriteAllText(path, "NRRD0004\ntype: uchar\ndimension: 1\nsizes: 1\nencoding: zrl\n\nx");

        var e = Assert.Throws<UnsupportedVolumeContentException>(() => NrrdReader.Read(path));

        Assert.Equal("encoding", e.Field);
    }

    [Fact]
    public void Write_KeyValueMetadata_RoundTrips()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "kv.nrrd");
        var v = new Volume(new float[1], VolumeGeometry.AxisAligned(new VolumeSize(1, 1, 1)), VolumeElementType.Float32, new Dictionary<string, string> { ["nrrd:Segment0_Name"] = "skull\nbone" });

        NrrdWriter.Write(v, path, new NrrdWriteOptions { Encoding = NrrdEncoding.Raw });
        Volume back = NrrdReader.Read(path);

        Assert.Equal("skull\nbone", back.Metadata["nrrd:Segment0_Name"]);
    }
}
