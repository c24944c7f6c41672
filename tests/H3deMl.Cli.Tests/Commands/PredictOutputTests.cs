namespace H3deMl.Cli.Tests.Commands;

/// <summary>Where <c>h3de predict</c> writes: never over an existing file without --overwrite, never NAME.mrk.json by default, never two scans to one file.</summary>
[Collection(CurrentDirectoryCollection.Name)]
public sealed class PredictOutputTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Predict_WithoutOut_WritesNamePredictedInTheCurrentFolder_NotTheGroundTruthName()
    {
        string folder = fixture.NewFolder();
        string scan = Path.Combine(folder, "case7.nii.gz");
        File.Copy(Path.Combine(fixture.Data, "phantom000.nii.gz"), scan);
        File.Copy(Path.Combine(fixture.Data, "phantom000.mrk.json"), Path.Combine(folder, "case7.mrk.json"));
        byte[] truth = File.ReadAllBytes(Path.Combine(folder, "case7.mrk.json"));
        int code;
        string output, error;
        using (new CurrentDirectory(folder))
        {
            (code, output, error) = CliRunner.Run("predict", "--model", fixture.Model, "case7.nii.gz");
        }

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(folder, "case7.predicted.mrk.json")), output);
        Assert.Equal(truth, File.ReadAllBytes(Path.Combine(folder, "case7.mrk.json")));
        Assert.Contains("case7.predicted.mrk.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_ExistingFile_IsKeptWithoutOverwrite_AndReplacedWithIt()
    {
        string outDir = fixture.NewFolder();
        string target = Path.Combine(outDir, "phantom001.mrk.json");
        File.WriteAllText(target, "keep me");
        string scan = Path.Combine(fixture.Data, "phantom001.nii.gz");

        (int code, string output, string error) = CliRunner.Run("predict", "--model", fixture.Model, scan, "--out", outDir);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"h3de: {target}: the file exists; pass --overwrite to replace it.", error.TrimEnd());
        Assert.Equal("keep me", File.ReadAllText(target));

        (int again, _, string againError) = CliRunner.Run("predict", "--model", fixture.Model, scan, "--out", outDir, "--overwrite");

        Assert.True(again == 0, againError);
        Assert.Contains("\"markups\"", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_TwoScansWithTheSameName_AreRefusedBeforeAnythingIsWritten()
    {
        string a = fixture.NewFolder(), b = fixture.NewFolder(), outDir = fixture.NewFolder();
        File.Copy(Path.Combine(fixture.Data, "phantom000.nii.gz"), Path.Combine(a, "scan.nii.gz"));
        File.Copy(Path.Combine(fixture.Data, "phantom001.nii.gz"), Path.Combine(b, "scan.nii.gz"));
        string first = Path.Combine(a, "scan.nii.gz"), second = Path.Combine(b, "scan.nii.gz");

        (int code, string output, string error) = CliRunner.Run("predict", "--model", fixture.Model, first, second, "--out", outDir);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"h3de: both {first} and {second} would write {Path.Combine(outDir, "scan.mrk.json")}; predict them into different --out folders.", error.TrimEnd());
        Assert.Empty(Directory.GetFiles(outDir));
    }
}
