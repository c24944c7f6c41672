using H3deMl.TestKit;
namespace H3deMl.Cli.Tests.Commands;

/// <summary>
/// Four tiny phantoms written by <c>h3de synth</c> and a small heatmap model trained on them for one epoch by
/// <c>h3de train</c>, shared by the evaluate, predict and raw-output tests (training is the slow part).
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TrainedModelFixture()
    {
        Data = Path.Combine(_directory.Path, "phantoms");
        Model = Path.Combine(_directory.Path, "model.zip");
        (int synthCode, _, string synthError) = CliRunner.Run("synth", Data, "--count", "4", "--size", "40,40,36", "--seed", "3");
        Assert.True(synthCode == 0, synthError);
        (TrainCode, TrainOutput, TrainError) = CliRunner.Run(
            "train", "--train", Data, "--out", Model, "--config", "small", "--crop", "32,32,32", "--epochs", "1", "--batch", "2", "--head", "heatmap", "--window", "-1000,2000");
    }

    /// <summary>The phantom folder (NAME.nii.gz + NAME.mrk.json).</summary>
    public string Data { get; }

    /// <summary>The trained model zip.</summary>
    public string Model { get; }

    /// <summary>The training run's exit code.</summary>
    public int TrainCode { get; }

    /// <summary>The training run's standard output.</summary>
    public string TrainOutput { get; }

    /// <summary>The training run's standard error.</summary>
    public string TrainError { get; }

    /// <summary>A fresh folder for one test's outputs.</summary>
    public string NewFolder()
    {
        string path = Path.Combine(_directory.Path, Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => _directory.Dispose();
}
