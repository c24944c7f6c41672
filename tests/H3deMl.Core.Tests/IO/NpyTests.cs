using TempDirectory = H3deMl.TestKit.TempDirectory;
using System.Buffers.Binary;
using System.Text;
using H3deMl.Core.IO;
using H3deMl.Core.IO.Numpy;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO;

public sealed class NpyTests
{
    [Fact]
    public void Read_COrderInt16VersionTwo_AxisZeroIsI()
    {
        // np.arange(24, dtype='<i2').reshape(2, 3, 4) saved in C order with a version 2.0 header: a[i, j, k] = 12i + 4j + k.
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "c_volume.npy");
        string dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3, 4), }";
        int total = 12 + dict.Length + 1;
        string text = dict + new string(' ', ((total + 63) / 64 * 64) - total) + "\n";
        var header = new byte[12];
        header[0] = 0x93;
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)text.Length);
        var data = new byte[48];
        for (int n = 0; n < 24; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * n), (short)n);
        }

        File.WriteAllBytes(path, [.. header, .. Encoding.ASCII.GetBytes(text), .. data]);
        File.WriteAllBytes(Path.Combine(dir.Path, "c_spacing.npy"), [.. NpyArray.BuildHeader("<f8", false, [3]), .. BitConverter.GetBytes(0.5), .. BitConverter.GetBytes(1.0), .. BitConverter.GetBytes(2.0)]);

        Volume v = Volume.Read(path);

        Assert.Equal(new H3deMl.Core.Geometry.VolumeSize(2, 3, 4), v.Size);
        Assert.Equal(VolumeElementType.Int16, v.OriginalElementType);
        Assert.Equal((12 * 1) + (4 * 2) + 3, v[1, 2, 3]);
        Assert.Equal(4f, v[0, 1, 0]);
        Assert.Equal(new H3deMl.Core.Geometry.Vector3d(0.5, 1, 2), v.Geometry.SpacingMm);
    }

    [Fact]
    public void Read_UnsupportedDtype_ThrowsUnsupported()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "c.npy");
        File.WriteAllBytes(path, [.. NpyArray.BuildHeader("<c8", false, [2]), .. new byte[16]]);

        var e = Assert.Throws<UnsupportedVolumeContentException>(() => Volume.Read(path));

        Assert.Equal("descr", e.Field);
    }
}
