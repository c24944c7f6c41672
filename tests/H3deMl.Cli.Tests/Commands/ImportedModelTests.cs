using H3deMl.Core.Landmarks;
using H3deMl.TestKit;

namespace H3deMl.Cli.Tests.Commands;

/// <summary>A model imported from a PyTorch checkpoint is a complete chain: evaluate and predict run on it like on a trained one.</summary>
public sealed class ImportedModelTests : IDisposable
{
    private static readonly string[] Names = ["nasion", "sella", "menton"];
    private readonly TempDirectory _dir = new();

    public ImportedModelTests()
    {
        Model = Path.Combine(_dir.Path, "imported.zip");
        (int code, _, string error) = CliRunner.Run("import-checkpoint", Checkpoint, "--out", Model, "--windows", "2,2,2", "--topk", "1,2,4,4", "--landmarks", string.Join(',', Names));
        Assert.True(code == 0, error);

        // Two phantoms whose ground truth names the checkpoint's three landmarks (the first three phantom landmarks, renamed).
        Data = Path.Combine(_dir.Path, "data");
        Assert.Equal(0, CliRunner.Run("synth", Data, "--count", "2", "--size", "32,32,32", "--seed", "5").ExitCode);
        foreach (string file in Directory.GetFiles(Data, "*.mrk.json"))
        {
            LandmarkSet set = LandmarkSet.Read(file);
            new LandmarkSet(set.Landmarks.Take(3).Select((l, i) => l with { Name = Names[i] })).Write(file);
        }
    }

    private static string Checkpoint =>
        Path.Combine(TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found"),
            "tests", "H3deMl.Trainers.Tests", "Network", "Fixtures", "small_both.ckpt");

    private string Model { get; }

    private string Data { get; }

    [Fact]
    public void Predict_OnAnImportedCheckpoint_WritesItsLandmarks()
    {
        string outDir = Path.Combine(_dir.Path, "predictions");

        (int code, string output, string error) = CliRunner.Run("predict", "--model", Model, Path.Combine(Data, "phantom000.nii.gz"), "--out", outDir);

        Assert.True(code == 0, error);
        Assert.Equal(Names, LandmarkSet.Read(Path.Combine(outDir, "phantom000.mrk.json")).Names);
        Assert.Contains("threshold 0.500", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OnAnImportedCheckpoint_PrintsTheMetrics()
    {
        (int code, string output, string error) = CliRunner.Run("evaluate", "--model", Model, "--data", Data);

        Assert.True(code == 0, error);
        Assert.Contains("2 cases", output, StringComparison.Ordinal);
        Assert.Contains("presence threshold 0.500", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DataWithOtherLandmarkNames_IsBadInputListingBoth()
    {
        string other = Path.Combine(_dir.Path, "other");
        Assert.Equal(0, CliRunner.Run("synth", other, "--count", "1", "--size", "32,32,32").ExitCode);

        (int code, string output, string error) = CliRunner.Run("evaluate", "--model", Model, "--data", other);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        string line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("(Nasion, Vertex, Basion,", line, StringComparison.Ordinal);
        Assert.Contains("(nasion, sella, menton)", line, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
