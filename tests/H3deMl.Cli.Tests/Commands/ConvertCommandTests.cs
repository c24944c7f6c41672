using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Cli.Tests.Commands;

public sealed class ConvertCommandTests
{
    [DataFact("mouse-ct-atlas/volumes/A_J_.nii.gz")]
    public void Convert_NiftiToEveryFormat_VoxelsAndGeometryKept()
    {
        string source = TestData.File("mouse-ct-atlas/volumes/A_J_.nii.gz");
        Volume original = Volume.Read(source);
        using var dir = new TempDirectory();
        foreach (string ext in new[] { ".nrrd", ".nhdr", ".mha", ".mhd", ".nii" })
        {
            string target = Path.Combine(dir.Path, "a" + ext);

            (int code, _, string error) = CliRunner.Run("convert", source, target);

            Assert.True(code == 0, error);
            Volume back = Volume.Read(target);
            Assert.Equal(original.Voxels, back.Voxels);
            Assert.True(original.Geometry.IsClose(back.Geometry, 1e-9), $"{ext}: {back.Geometry}");
        }
    }

    [Fact]
    public void Convert_LandmarksFcsvToMarkups_PositionsKept()
    {
        using var dir = new TempDirectory();
        string fcsv = Path.Combine(dir.Path, "l.fcsv");
        File.WriteAllText(fcsv, "# Markups fiducial file version = 4.11\n# CoordinateSystem = RAS\n# columns = id,x,y,z,ow,ox,oy,oz,vis,sel,lock,label,desc,associatedNodeID\n1,1.5,-2,3,0,0,0,1,1,1,0,A,,\n");
        string json = Path.Combine(dir.Path, "l.mrk.json");

        (int code, _, string error) = CliRunner.Run("convert", fcsv, json);

        Assert.True(code == 0, error);
        LandmarkSet set = LandmarkSet.Read(json);
        Assert.Equal("A", set[0].Name);
        Assert.Equal(new Vector3d(-1.5, 2, 3), set[0].PositionLps);
    }

    [Fact]
    public void Convert_UnwritableVolumeExtension_ExitsTwo()
    {
        using var dir = new TempDirectory();
        string source = Path.Combine(dir.Path, "v.nrrd");
        new Volume(new float[1], VolumeGeometry.AxisAligned(new VolumeSize(1, 1, 1)), VolumeElementType.Float32).Write(source);

        (int code, _, string error) = CliRunner.Run("convert", source, Path.Combine(dir.Path, "v.png"));

        Assert.Equal(2, code);
        Assert.Contains("v.png", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_MalformedInput_ExitsOneNamingFile()
    {
        using var dir = new TempDirectory();
        string source = Path.Combine(dir.Path, "broken.nrrd");
        File.WriteAllText(source, "NRRD0004\ntype: short\ndimension: 3\nsizes: 10 10 10\nendian: little\nencoding: raw\n\nshort");

        (int code, _, string error) = CliRunner.Run("convert", source, Path.Combine(dir.Path, "out.nii.gz"));

        Assert.Equal(1, code);
        Assert.Contains("broken.nrrd", error, StringComparison.Ordinal);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out.nii.gz")));
    }
}
