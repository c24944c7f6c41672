using H3deMl.TestKit;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.IO.ElementTypes;

/// <summary>Every writer keeps every element type: write → read back → the same values and the same original type.</summary>
public sealed class ElementTypeRoundTripTests
{
    public static TheoryData<VolumeElementType, string> TypesAndExtensions
    {
        get
        {
            var data = new TheoryData<VolumeElementType, string>();
            foreach (VolumeElementType type in TypedVolumes.AllTypes)
            {
                foreach (string extension in TypedVolumes.Extensions)
                {
                    data.Add(type, extension);
                }
            }

            return data;
        }
    }

    public static TheoryData<VolumeElementType, string> TypesAndMultiComponentExtensions
    {
        get
        {
            var data = new TheoryData<VolumeElementType, string>();
            foreach (VolumeElementType type in TypedVolumes.AllTypes)
            {
                foreach (string extension in TypedVolumes.Extensions.Where(e => e != ".npy"))
                {
                    data.Add(type, extension);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TypesAndExtensions))]
    public void Write_DefaultElementType_KeepsOriginalTypeAndEveryValue(VolumeElementType type, string extension)
    {
        Volume original = TypedVolumes.Make(type);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        original.Write(path);
        Volume back = Volume.Read(path);

        Assert.Equal(type, original.GetWriteElementType());
        Assert.Equal(type, back.OriginalElementType);
        Assert.Equal(original.Voxels, back.Voxels);
    }

    [Theory]
    [MemberData(nameof(TypesAndMultiComponentExtensions))]
    public void Write_VectorVolume_KeepsOriginalTypeAndEveryComponent(VolumeElementType type, string extension)
    {
        Volume original = TypedVolumes.Make(type, components: 2);
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        original.Write(path);
        Volume back = Volume.Read(path);

        Assert.Equal(2, back.Components);
        Assert.Equal(type, back.OriginalElementType);
        Assert.Equal(original.Voxels, back.Voxels);
    }

    [Theory]
    [MemberData(nameof(TypesAndExtensions))]
    public async Task WriteAsync_ExplicitElementType_FloatVolumeOfFittingValuesStoredAsThatType(VolumeElementType type, string extension)
    {
        // Created in memory (float32), holding values the requested type holds exactly.
        Volume original = TypedVolumes.Make(VolumeElementType.Float32, TypedVolumes.Extremes(type));
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v" + extension);

        await original.WriteAsync(path, type);
        Volume back = Volume.Read(path);

        Assert.Equal(type, back.OriginalElementType);
        Assert.Equal(original.Voxels, back.Voxels);
    }
}
