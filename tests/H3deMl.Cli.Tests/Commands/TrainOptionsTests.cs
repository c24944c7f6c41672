using H3deMl.TestKit;
using H3deMl.Transforms.Spatial;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Cli.Tests.Commands;

/// <summary>train: output and checkpoint checks before training, and the options that reproduce documented runs.</summary>
public sealed class TrainOptionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TrainOptionsTests()
    {
        Data = Path.Combine(_dir.Path, "phantoms");
        Assert.Equal(0, CliRunner.Run("synth", Data, "--count", "2", "--size", "32,32,32", "--seed", "4").ExitCode);
    }

    private string Data { get; }

    [Fact]
    public void Train_OutInAMissingFolder_IsBadInputBeforeTraining()
    {
        string model = Path.Combine(_dir.Path, "no-such-folder", "m.zip");

        (int code, string output, string error) = CliRunner.Run("train", "--train", Data, "--out", model);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("no-such-folder", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ExistingOut_IsKeptWithoutOverwrite_BeforeTraining()
    {
        string model = Path.Combine(_dir.Path, "m.zip");
        File.WriteAllText(model, "an older model");

        (int code, string output, string error) = CliRunner.Run("train", "--train", Data, "--out", model);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"h3de: {model}: the file exists; pass --overwrite to replace it.", error.TrimEnd());
        Assert.Equal("an older model", File.ReadAllText(model));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    public void Train_ResumeFromADamagedCheckpoint_IsBadInputNamingIt(string damage)
    {
        string checkpoint = Path.Combine(_dir.Path, "last.ckpt");
        TrainTiny(Path.Combine(_dir.Path, "first.zip"), "--epochs", "1", "--checkpoint-dir", _dir.Path);
        byte[] bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, damage == "truncated" ? bytes[..(bytes.Length / 2)] : [.. bytes.Select((b, i) => i > 200 ? (byte)(b ^ 0x5A) : b)]);

        (int code, string output, string error) = CliRunner.Run("train", "--train", Data, "--out", Path.Combine(_dir.Path, "resumed.zip"), "--config", "tiny", "--crop", "32,32,32", "--resume", checkpoint);

        Assert.Equal(1, code);
        Assert.DoesNotContain("epoch", output, StringComparison.Ordinal);
        string line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"h3de: {checkpoint}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Spacing_SavesAResampleStep_AndTimeLimitStopsAfterTheFirstEpoch()
    {
        string model = Path.Combine(_dir.Path, "spaced.zip");

        string output = TrainTiny(model, "--spacing", "2", "--epochs", "5", "--time-limit", "0.1s", "--lr", "0.004");

        Assert.Contains("resampled to 2 mm", output, StringComparison.Ordinal);
        Assert.Contains("lr 0.004", output, StringComparison.Ordinal);
        Assert.Contains("after 1 epochs", output, StringComparison.Ordinal);
        var chain = Assert.IsAssignableFrom<IEnumerable<ITransformer>>(new MLContext().Model.Load(model, out _));
        Assert.Single(chain.OfType<ResamplingTransformer>());
    }

    [Theory]
    [InlineData("--lr", "0")]
    [InlineData("--lr", "fast")]
    [InlineData("--spacing", "-1")]
    [InlineData("--time-limit", "soon")]
    [InlineData("--time-limit", "0s")]
    [InlineData("--config", "huge")]
    public void Train_BadOptionValue_IsAUsageErrorOnOneLine(string option, string value)
    {
        (int code, string output, string error) = CliRunner.Run("train", "--train", Data, "--out", Path.Combine(_dir.Path, "m.zip"), option, value);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("h3de: ", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private string TrainTiny(string model, params string[] extra)
    {
        (int code, string output, string error) = CliRunner.Run(
            ["train", "--train", Data, "--out", model, "--config", "tiny", "--crop", "32,32,32", "--head", "heatmap", "--window", "-1000,2000", .. extra]);
        Assert.True(code == 0, error);
        return output;
    }
}
