using System.Text.Json;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;

namespace H3deMl.Cli.Tests.Commands;

public sealed class InspectCommandTests
{
    [Fact]
    public void Inspect_JsonOnObliqueNrrd_PrintsGeometryAndStatistics()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "v.nrrd");
        var direction = new Matrix3d(0, 1, 0, -1, 0, 0, 0, 0, 1);
        var geometry = new VolumeGeometry(new VolumeSize(3, 2, 2), new Vector3d(0.5, 2, 3), new Vector3d(-10, 20.5, 7), direction);
        float[] voxels = [.. Enumerable.Range(0, 12).Select(x => (float)x - 2)];
        new Volume(voxels, geometry, VolumeElementType.Float32).Write(path);

        (int code, string output, string error) = CliRunner.Run("inspect", path, "--json");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("NRRD", j.GetProperty("format").GetString());
        Assert.Equal([3, 2, 2], j.GetProperty("size").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal([0.5, 2, 3], j.GetProperty("spacing").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal([-10, 20.5, 7], j.GetProperty("origin").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal([0, 1, 0, -1, 0, 0, 0, 0, 1], j.GetProperty("direction").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal("float32", j.GetProperty("dataType").GetString());
        Assert.Equal(-2, j.GetProperty("min").GetDouble());
        Assert.Equal(9, j.GetProperty("max").GetDouble());
        Assert.Equal(3.5, j.GetProperty("mean").GetDouble(), 12);
    }

    [DataFact("totalsegmentator-ct/example_ct_sm.nii.gz")]
    public void Inspect_JsonOnRealNifti_ReportsOriginalTypeAndLpsOrigin()
    {
        (int code, string output, _) = CliRunner.Run("inspect", TestData.File("totalsegmentator-ct/example_ct_sm.nii.gz"), "--json");

        Assert.Equal(0, code);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("NIfTI-1", j.GetProperty("format").GetString());
        Assert.Equal("int16", j.GetProperty("dataType").GetString());

        // nibabel: affine translation (−177.9563, 11.319, 94.3018) RAS → LPS (177.9563, −11.319, 94.3018).
        double[] origin = [.. j.GetProperty("origin").EnumerateArray().Select(x => x.GetDouble())];
        Assert.Equal(177.9563, origin[0], 3);
        Assert.Equal(-11.319, origin[1], 3);
        Assert.Equal(94.3018, origin[2], 3);
    }

    [DataFact("slicer/CTHeadAxialDicom")]
    public void Inspect_JsonOnDicomFolder_ReportsTransferSyntaxAndSliceCount()
    {
        (int code, string output, string error) = CliRunner.Run("inspect", TestData.File("slicer/CTHeadAxialDicom"), "--json");

        Assert.True(code == 0, error);
        JsonElement j = JsonDocument.Parse(output).RootElement;
        Assert.Equal("DICOM", j.GetProperty("format").GetString());
        Assert.Equal(93, j.GetProperty("sliceCount").GetInt32());
        Assert.Equal("1.2.840.10008.1.2.1", j.GetProperty("transferSyntax").GetString());
    }

    [Fact]
    public void Inspect_TruncatedFile_ExitsOneNamingFile()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "case01.nii");
        File.WriteAllBytes(path, new byte[100]);

        (int code, _, string error) = CliRunner.Run("inspect", path);

        Assert.Equal(1, code);
        Assert.Contains("case01.nii", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingFile_ExitsOne()
    {
        (int code, _, string error) = CliRunner.Run("inspect", Path.Combine(Path.GetTempPath(), "nope-" + Guid.NewGuid() + ".nrrd"));

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoPath_ExitsTwo()
    {
        (int code, _, string error) = CliRunner.Run("inspect");

        Assert.Equal(2, code);
        Assert.Contains("h3de --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Root_ShowsExamplesAndExitsZero()
    {
        (int code, string output, _) = CliRunner.Run("--help");

        Assert.Equal(0, code);
        Assert.Contains("h3de convert case01.nii.gz case01.nrrd", output, StringComparison.Ordinal);
        Assert.Contains("inspect", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SeveralPaths_ShowsEach_AndReportsTheBadOneWithoutStopping()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a.nrrd"), b = Path.Combine(dir.Path, "b.mha"), bad = Path.Combine(dir.Path, "bad.nii");
        new Volume(new float[8], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2)), VolumeElementType.Float32).Write(a);
        new Volume(new float[27], VolumeGeometry.AxisAligned(new VolumeSize(3, 3, 3)), VolumeElementType.Float32).Write(b);
        File.WriteAllBytes(bad, new byte[100]);

        (int code, string output, string error) = CliRunner.Run("inspect", a, bad, b);

        Assert.Equal(1, code);
        Assert.Contains("a.nrrd", output, StringComparison.Ordinal);
        Assert.Contains("b.mha", output, StringComparison.Ordinal);
        Assert.Contains("bad.nii", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SeveralPathsAsJson_PrintsAnArray()
    {
        using var dir = new TempDirectory();
        string a = Path.Combine(dir.Path, "a.nrrd"), b = Path.Combine(dir.Path, "b.nrrd");
        new Volume(new float[8], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2)), VolumeElementType.Float32).Write(a);
        new Volume(new float[27], VolumeGeometry.AxisAligned(new VolumeSize(3, 3, 3)), VolumeElementType.Float32).Write(b);

        (int code, string output, string error) = CliRunner.Run("inspect", a, b, "--json");

        Assert.True(code == 0, error);
        JsonElement[] items = [.. JsonDocument.Parse(output).RootElement.EnumerateArray()];
        Assert.Equal([2, 3], items.Select(j => j.GetProperty("size")[0].GetInt32()));
    }

    [Fact]
    public void NoArguments_PrintsTheHelp_NotAnError()
    {
        (int code, string output, string error) = CliRunner.Run();

        Assert.Equal(2, code);
        Assert.Equal("", error);
        Assert.Contains("Commands:", output, StringComparison.Ordinal);
        Assert.Contains("h3de train --train", output, StringComparison.Ordinal);
    }
}
