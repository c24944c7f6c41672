using H3deMl.TestKit;
using System.Text;
using H3deMl.Core.IO.MetaImage;
using H3deMl.Core.IO.Nifti;
using H3deMl.Core.IO.Nrrd;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO.ElementTypes;

/// <summary>The default keeps the original type only when it holds every value; an explicit type that does not is refused.</summary>
public sealed class ElementTypeChoiceTests
{
    public static TheoryData<string> Extensions => [.. TypedVolumes.Extensions];

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Write_OriginallyInt16NowHoldingAFraction_WritesFloat32WithoutLoss(string extension)
    {
        Volume volume = Int16VolumeHolding(0.5f, at: 37);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        volume.Write(path);
        Volume back = Volume.Read(path);

        Assert.Equal(VolumeElementType.Float32, volume.GetWriteElementType());
        Assert.Equal(VolumeElementType.Float32, back.OriginalElementType);
        Assert.Equal(volume.Voxels, back.Voxels);
        Assert.Equal(0.5f, back.Voxels[37]);
    }

    [Theory]
    [InlineData(VolumeElementType.Int16, 32768f)]
    [InlineData(VolumeElementType.Int16, -32769f)]
    [InlineData(VolumeElementType.UInt8, -1f)]
    [InlineData(VolumeElementType.UInt8, 256f)]
    [InlineData(VolumeElementType.UInt8, float.NaN)]
    [InlineData(VolumeElementType.Int8, float.NegativeInfinity)]
    [InlineData(VolumeElementType.UInt16, 65536f)]
    [InlineData(VolumeElementType.Int32, 2147483648f)]
    [InlineData(VolumeElementType.UInt32, 4294967296f)]
    [InlineData(VolumeElementType.Int64, 9223372036854775808f)]
    [InlineData(VolumeElementType.UInt64, 18446744073709551616f)]
    [InlineData(VolumeElementType.UInt64, -1f)]
    public void GetWriteElementType_ValueOutsideTheOriginalType_FallsBackToFloat32(VolumeElementType type, float value)
    {
        float[] voxels = new float[60];
        voxels[59] = value;
        Volume volume = TypedVolumes.Make(type, voxels);

        Assert.Equal(VolumeElementType.Float32, volume.GetWriteElementType());
        Assert.Throws<ArgumentException>(() => volume.GetWriteElementType(type));
    }

    [Fact]
    public void GetWriteElementType_NegativeZeroInAnIntegerType_KeepsTheType()
    {
        Volume volume = TypedVolumes.Make(VolumeElementType.UInt8, [0f, -0f, 3f]);

        Assert.Equal(VolumeElementType.UInt8, volume.GetWriteElementType());
    }

    [Theory]
    [MemberData(nameof(Extensions))]
    public void Write_ExplicitInt16ForAFraction_ThrowsNamingTypeAndValueAndWritesNothing(string extension)
    {
        Volume volume = Int16VolumeHolding(0.5f, at: 37);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        ArgumentException e = Assert.Throws<ArgumentException>(() => volume.Write(path, VolumeElementType.Int16));

        Assert.Equal("elementType", e.ParamName);
        Assert.Contains("int16", e.Message, StringComparison.Ordinal);
        Assert.Contains("0.5", e.Message, StringComparison.Ordinal);
        Assert.Contains("index 37", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Writers_ExplicitInt16ForAFraction_EachThrowsOnItsOptions()
    {
        Volume volume = Int16VolumeHolding(0.5f, at: 3);
        using var dir = new TempDirectory();

        ArgumentException nifti = Assert.Throws<ArgumentException>(() =>
            NiftiWriter.Write(volume, Path.Combine(dir.Path, "v.nii"), new NiftiWriteOptions { ElementType = VolumeElementType.Int16 }));
        ArgumentException nrrd = Assert.Throws<ArgumentException>(() =>
            NrrdWriter.Write(volume, Path.Combine(dir.Path, "v.nrrd"), new NrrdWriteOptions { ElementType = VolumeElementType.Int16 }));
        ArgumentException meta = Assert.Throws<ArgumentException>(() =>
            MetaImageWriter.Write(volume, Path.Combine(dir.Path, "v.mha"), new MetaImageWriteOptions { ElementType = VolumeElementType.Int16 }));

        foreach (ArgumentException e in new[] { nifti, nrrd, meta })
        {
            Assert.Equal("options", e.ParamName);
            Assert.StartsWith("The voxels cannot be written as int16: the value 0.5 (at index 3) does not fit", e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Write_UndefinedElementType_ThrowsArgumentOutOfRange()
    {
        Volume volume = TypedVolumes.Make(VolumeElementType.UInt8);
        using var dir = new TempDirectory();

        Assert.Throws<ArgumentOutOfRangeException>(() => volume.Write(Path.Combine(dir.Path, "v.nii"), (VolumeElementType)99));
    }

    [Fact]
    public void Write_Uint8VolumeAskedForInt32_WidensExactly()
    {
        Volume volume = TypedVolumes.Make(VolumeElementType.UInt8);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.nrrd");

        NrrdWriter.Write(volume, path, new NrrdWriteOptions { ElementType = VolumeElementType.Int32 });
        Volume back = Volume.Read(path);

        Assert.Equal(VolumeElementType.Int32, back.OriginalElementType);
        Assert.Equal(volume.Voxels, back.Voxels);
    }

    [Fact]
    public void Headers_Int16Volume_NameTheTypeInEachFormat()
    {
        Volume volume = TypedVolumes.Make(VolumeElementType.Int16);
        using var dir = new TempDirectory();
        string nii = Path.Combine(dir.Path, "v.nii");
        string nhdr = Path.Combine(dir.Path, "v.nhdr");
        string mhd = Path.Combine(dir.Path, "v.mhd");

        volume.Write(nii);
        volume.Write(nhdr);
        volume.Write(mhd);

        byte[] header = File.ReadAllBytes(nii);
        Assert.Equal(4, BitConverter.ToInt16(header, 70)); // datatype: DT_INT16
        Assert.Equal(16, BitConverter.ToInt16(header, 72)); // bitpix
        Assert.Equal(1f, BitConverter.ToSingle(header, 112)); // scl_slope
        Assert.Equal(0f, BitConverter.ToSingle(header, 116)); // scl_inter
        Assert.Equal(352 + (60 * 2), header.Length);
        Assert.Contains("\ntype: short\n", File.ReadAllText(nhdr, Encoding.UTF8), StringComparison.Ordinal);
        Assert.Contains("\nendian: little\n", File.ReadAllText(nhdr, Encoding.UTF8), StringComparison.Ordinal);
        Assert.Equal(60 * 2, new FileInfo(Path.Combine(dir.Path, "v.raw")).Length);
        Assert.Contains("\nElementType = MET_SHORT\n", File.ReadAllText(mhd, Encoding.UTF8), StringComparison.Ordinal);
        Assert.Contains("\nBinaryDataByteOrderMSB = False\n", File.ReadAllText(mhd, Encoding.UTF8), StringComparison.Ordinal);
    }

    private static Volume Int16VolumeHolding(float value, int at)
    {
        Volume volume = TypedVolumes.Make(VolumeElementType.Int16);
        volume.Voxels[at] = value;
        return volume;
    }
}
