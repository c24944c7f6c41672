using H3deMl.TestKit;
namespace H3deMl.Cli.Tests.Commands;

/// <summary><c>h3de train</c> with no network option: the self-configured coarse-to-fine trainer prints its plan, keeps
/// to the time limit, saves a model that <c>evaluate</c> and <c>predict</c> use (no H3DE-Net whole-scan step in it).</summary>
public sealed class SelfConfiguredTrainTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Train_OnlyDataAndTimeLimit_PrintsPlan_ModelEvaluatesAndPredicts()
    {
        string data = Path.Combine(_dir.Path, "phantoms");
        Assert.Equal(0, CliRunner.Run("synth", data, "--count", "6", "--size", "48,48,40", "--seed", "7").ExitCode);
        string val = Path.Combine(_dir.Path, "val");
        Assert.Equal(0, CliRunner.Run("synth", val, "--count", "2", "--size", "48,48,40", "--seed", "70").ExitCode);
        string model = Path.Combine(_dir.Path, "auto.zip");

        (int code, string output, string error) = CliRunner.Run("train", "--train", data, "--val", val, "--out", model, "--time-limit", "2m");

        Assert.True(code == 0, error);
        Assert.Contains("self-configured coarse-to-fine", output, StringComparison.Ordinal);
        Assert.Contains("Stage 1, pose: NormalizePose", output, StringComparison.Ordinal);
        Assert.Contains("Stage 3, fine: H3DE-Net on 32³ patches", output, StringComparison.Ordinal);
        Assert.Contains("Refinement: validation mean error", output, StringComparison.Ordinal);
        Assert.True(File.Exists(model));

        (int evaluateCode, string evaluation, string evaluateError) = CliRunner.Run("evaluate", "--model", model, "--data", val);
        Assert.True(evaluateCode == 0, evaluateError);
        Assert.Contains("MRE per case", evaluation, StringComparison.Ordinal);

        string predictions = Path.Combine(_dir.Path, "out");
        Directory.CreateDirectory(predictions);
        string scan = Directory.GetFiles(val, "*.nii.gz").Order(StringComparer.Ordinal).First();
        (int predictCode, _, string predictError) = CliRunner.Run("predict", "--model", model, scan, "--out", predictions);
        Assert.True(predictCode == 0, predictError);
        Assert.Single(Directory.GetFiles(predictions, "*.mrk.json"));
    }

    [Fact]
    public void Train_TooFewScansWithoutValidation_SaysHowManyAreNeeded()
    {
        string data = Path.Combine(_dir.Path, "few");
        Assert.Equal(0, CliRunner.Run("synth", data, "--count", "3", "--size", "32,32,32", "--seed", "4").ExitCode);

        (int code, _, string error) = CliRunner.Run("train", "--train", data, "--out", Path.Combine(_dir.Path, "m.zip"), "--time-limit", "30s");

        Assert.Equal(1, code);
        Assert.Contains("at least 4", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BudgetTooSmall_UsageErrorWithTheMinimum()
    {
        string data = Path.Combine(_dir.Path, "small");
        Assert.Equal(0, CliRunner.Run("synth", data, "--count", "4", "--size", "32,32,32", "--seed", "5").ExitCode);

        (int code, _, string error) = CliRunner.Run("train", "--train", data, "--out", Path.Combine(_dir.Path, "m.zip"), "--time-limit", "2s");

        Assert.Equal(2, code);
        Assert.Contains("give at least", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "m.zip")));
    }
}
