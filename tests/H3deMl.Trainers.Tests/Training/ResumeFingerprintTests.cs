using H3deMl.Tensors.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>A resume refuses a checkpoint written by another run (issue 15, item 7), naming the file and what differs;
/// a damaged checkpoint is refused naming the file (item 5).</summary>
public sealed class ResumeFingerprintTests : IClassFixture<ResumeFingerprintTests.FirstRun>
{
    private readonly FirstRun _first;

    public ResumeFingerprintTests(FirstRun first) => _first = first;

    [Fact]
    public void Resume_SameRunWithMoreEpochs_Continues()
    {
        Fit(new Run { Epochs = 2 });
    }

    [Theory]
    [InlineData("seed", "seed")]
    [InlineData("data", "training data")]
    [InlineData("crop", "data preparation")]
    [InlineData("batch", "training options")]
    [InlineData("window", "data preparation")]
    public void Resume_OtherRun_IsRefusedWithTheDifference(string change, string named)
    {
        Run run = change switch
        {
            "seed" => new Run { Seed = 2 },
            "data" => new Run { DataSeed = 9 },
            "crop" => new Run { Crop = 24 },
            "batch" => new Run { BatchSize = 2 },
            _ => new Run { WindowMax = 1000 },
        };
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => Fit(run with { Epochs = 2 }));
        Assert.Contains(_first.Checkpoint, e.Message);
        Assert.Contains("different training run", e.Message);
        Assert.Contains(named + ":", e.Message);
    }

    [Fact]
    public void Resume_TruncatedCheckpoint_IsRefusedNamingTheFile()
    {
        string truncated = _first.Checkpoint + ".truncated";
        File.WriteAllBytes(truncated, File.ReadAllBytes(_first.Checkpoint)[..4096]);
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => Fit(new Run { Epochs = 2 }, truncated));
        Assert.Contains(truncated, e.Message);
    }

    [Fact]
    public void Resume_SeededMutationsOfTheCheckpoint_ResumeOrAreRefusedAsFormatErrors()
    {
        byte[] original = File.ReadAllBytes(_first.Checkpoint);
        for (int c = 0; c < 20; c++)
        {
            var random = new Tensors.Randomness.RandomStream(5).Fork((ulong)c);
            byte[] mutated = c % 2 == 0 ? original[..random.NextInt(original.Length)] : [.. original];
            for (int n = c % 2 == 0 ? 0 : 1 + random.NextInt(6); n > 0; n--)
            {
                mutated[random.NextInt(mutated.Length)] ^= (byte)(1 + random.NextInt(255));
            }

            string path = _first.Checkpoint + $".mutated{c}";
            File.WriteAllBytes(path, mutated);
            try
            {
                Fit(new Run { Epochs = 2 }, path);
            }
            catch (ModelFormatException e)
            {
                Assert.Contains(path, e.Message);
            }
        }
    }

    private void Fit(Run run, string? resumeFrom = null) =>
        FirstRun.Pipeline(run, Path.Combine(_first.Directory, Guid.NewGuid().ToString("N")[..8]), resumeFrom ?? _first.Checkpoint).Fit(FirstRun.Data(run));

    /// <summary>What a run is made of.</summary>
    public sealed record Run
    {
        public int Seed { get; init; } = 1;

        public int DataSeed { get; init; } = 1;

        public int Crop { get; init; } = 32;

        public int BatchSize { get; init; } = 1;

        public float WindowMax { get; init; } = 2000;

        public int Epochs { get; init; } = 1;
    }

    /// <summary>One epoch of the reference run, checkpointed.</summary>
    public sealed class FirstRun : IDisposable
    {
        public FirstRun()
        {
            Directory = Path.Combine(Path.GetTempPath(), "h3de-fingerprint-" + Guid.NewGuid().ToString("N")[..12]);
            var run = new Run();
            Pipeline(run, Directory, null).Fit(Data(run));
            Checkpoint = Path.Combine(Directory, "first.ckpt");
            File.Copy(Path.Combine(Directory, "last.ckpt"), Checkpoint);
        }

        public string Directory { get; }

        public string Checkpoint { get; }

        public static IDataView Data(Run run) => new MLContext().Data.GeneratePhantoms(3, run.DataSeed, TrainingTestKit.Phantoms(32));

        public static IEstimator<ITransformer> Pipeline(Run run, string checkpointDirectory, string? resumeFrom)
        {
            var ml = new MLContext(seed: run.Seed);
            return ml.Transforms.LoadVolume()
                .Append(ml.Transforms.NormalizeIntensity(-1000, run.WindowMax))
                .Append(ml.Transforms.RandomCrop(run.Crop, run.Crop, run.Crop), TransformerScope.Training)
                .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 4), TransformerScope.Training)
                .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
                {
                    Architecture = TrainingTestKit.MiniArchitecture,
                    Epochs = run.Epochs,
                    BatchSize = run.BatchSize,
                    CheckpointDirectory = checkpointDirectory,
                    ResumeFrom = resumeFrom,
                }));
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
