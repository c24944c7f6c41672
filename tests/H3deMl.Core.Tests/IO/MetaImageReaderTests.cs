using H3deMl.TestKit;
using System.Buffers.Binary;
using System.Text;
using H3deMl.Core.Geometry;
using H3deMl.Core.IO;
using H3deMl.Core.IO.MetaImage;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO;

public sealed class MetaImageReaderTests
{
    [Fact]
    public void Read_BigEndianShortWithObliqueTransform_TransformMatrixIsAxisByAxis()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.mha");

        // TransformMatrix lists the direction of axis i first (ITK's MetaImageIO): i → (0,1,0), j → (−1,0,0), k → (0,0,1).
        string header = "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = True\nCompressedData = False\n" +
            "TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 1.5 -2 3\nElementSpacing = 0.5 0.25 2\nDimSize = 2 1 2\nElementType = MET_SHORT\n" +
            "PatientName = Anonymous\nElementDataFile = LOCAL\n";
        byte[] data = new byte[8];
        short[] values = [-300, 2, 1000, -1];
        for (int n = 0; n < 4; n++)
        {
            BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2 * n), values[n]);
        }

        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(header), .. data]);

        Volume v = MetaImageReader.Read(path);

        Assert.Equal(new VolumeSize(2, 1, 2), v.Size);
        Assert.Equal(VolumeElementType.Int16, v.OriginalElementType);
        Assert.Equal([-300f, 2f, 1000f, -1f], v.Voxels);
        Assert.Equal(new Vector3d(0, 1, 0), v.Geometry.Direction.Column(0));
        Assert.Equal(new Vector3d(-1, 0, 0), v.Geometry.Direction.Column(1));
        Assert.Equal(new Vector3d(1.5, -2, 3), v.Geometry.OriginLps);
        Assert.Equal(new Vector3d(0.5, 0.25, 2), v.Geometry.SpacingMm);
        Assert.Equal("Anonymous", v.Metadata["mha:PatientName"]);

        // World position of voxel (1, 0, 1): origin + 0.5·(0,1,0) + 2·(0,0,1).
        Assert.Equal(new Vector3d(1.5, -1.5, 5), v.Geometry.IndexToWorld(new Vector3d(1, 0, 1)));
    }

    [Fact]
    public void Read_DetachedRawWithHeaderSizeMinusOneAndChannels_ReadsTail()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.mhd");
        File.WriteAllText(path, "ObjectType = Image\nNDims = 2\nDimSize = 2 2\nElementNumberOfChannels = 2\nElementType = MET_UCHAR\nHeaderSize = -1\nElementDataFile = v.raw\n");
        File.WriteAllBytes(Path.Combine(dir.Path, "v.raw"), [99, 98, 97, 1, 2, 3, 4, 5, 6, 7, 8]);

        Volume v = Volume.Read(path);

        Assert.Equal(new VolumeSize(2, 2, 1), v.Size);
        Assert.Equal(2, v.Components);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], v.Voxels);
        Assert.Equal(6f, v.GetValue(0, 1, 0, 1));
    }

    [Fact]
    public void Read_MissingDataFile_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.mhd");
        File.WriteAllText(path, "NDims = 3\nDimSize = 2 2 2\nElementType = MET_FLOAT\nElementDataFile = gone.raw\n");

        var e = Assert.Throws<InvalidVolumeContentException>(() => Volume.Read(path));

        Assert.Contains("gone.raw", e.Message, StringComparison.Ordinal);
        Assert.Equal("ElementDataFile", e.Field);
    }

    [Fact]
    public void Read_UnsupportedElementType_ThrowsUnsupported()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.mha");
        File.WriteAllText(path, "NDims = 3\nDimSize = 1 1 1\nElementType = MET_STRING\nElementDataFile = LOCAL\nx");

        var e = Assert.Throws<UnsupportedVolumeContentException>(() => Volume.Read(path));

        Assert.Equal("ElementType", e.Field);
    }
}
