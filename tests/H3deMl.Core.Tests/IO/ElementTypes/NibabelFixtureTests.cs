using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Core.Tests.IO.ElementTypes;

/// <summary>Our uint8 and int16 NIfTI output is byte-for-byte the committed fixtures, which nibabel read with the right
/// dtype and values (Fixtures/check_with_nibabel.py, its output in Fixtures/nibabel_expectations.txt). Python is not
/// needed to run this test: if the writer's bytes change, regenerate the files (H3DEML_WRITE_FIXTURES=1) and run the
/// script again.</summary>
public sealed class NibabelFixtureTests
{
    public static TheoryData<VolumeElementType> Types => [VolumeElementType.UInt8, VolumeElementType.Int16];

    [Theory]
    [MemberData(nameof(Types))]
    public void Write_SmallVolume_MatchesTheNibabelCheckedFixture(VolumeElementType type)
    {
        Volume volume = Make(type);
        string fixture = FixturePath(type);
        if (Environment.GetEnvironmentVariable("H3DEML_WRITE_FIXTURES") == "1")
        {
            volume.Write(fixture);
        }

        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.nii");
        volume.Write(path);

        Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(path));
        Volume back = Volume.Read(fixture);
        Assert.Equal(type, back.OriginalElementType);
        Assert.Equal(volume.Voxels, back.Voxels);
    }

    /// <summary>4×3×2, spacing 0.5 × 0.75 × 1.25 mm, LPS origin (10, −20, 30): the values check_with_nibabel.py expects.</summary>
    internal static Volume Make(VolumeElementType type)
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(4, 3, 2), new Vector3d(0.5, 0.75, 1.25), new Vector3d(10, -20, 30));
        var voxels = new float[24];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = type == VolumeElementType.UInt8 ? (n * 11) % 256 : (n * 1500) - 17000;
        }

        if (type == VolumeElementType.UInt8)
        {
            voxels[23] = 255;
        }
        else
        {
            voxels[0] = -32768;
            voxels[23] = 32767;
        }

        return new Volume(voxels, geometry, type);
    }

    private static string FixturePath(VolumeElementType type) => Path.Combine(
        TestData.RepoRoot ?? throw new InvalidOperationException("The repository root (H3deMl.sln) was not found."),
        "tests", "H3deMl.Core.Tests", "IO", "ElementTypes", "Fixtures", type.ToShortName() + ".nii");
}
