using H3deMl.Trainers.Model;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>Cancelling training (H3deNetOptions.CancellationToken) writes a checkpoint after the running batch; resuming
/// from it (ResumeFrom) gives the weights of an uninterrupted run, bit for bit.</summary>
public sealed class CancelResumeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "h3de-resume-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void Cancel_MidEpoch_WritesCheckpoint_AndResumeMatchesUninterruptedRun()
    {
        byte[] uninterrupted = TrainingTestKit.Weights(Train(null, null, CancellationToken.None));
        Directory.Delete(_directory, recursive: true);

        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Epoch == 2 && p.Batch == 1)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Train(progress, null, cts.Token));
        string checkpoint = Path.Combine(_directory, "last.ckpt");
        Assert.True(File.Exists(checkpoint), "no checkpoint was written on cancellation");

        byte[] resumed = TrainingTestKit.Weights(Train(null, checkpoint, CancellationToken.None));
        Assert.Equal(uninterrupted, resumed);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private H3deNetModel Train(IProgress<TrainingProgress>? progress, string? resumeFrom, CancellationToken cancellationToken)
    {
        var ml = new MLContext(seed: 5);
        IDataView data = ml.Data.GeneratePhantoms(3, seed: 5, TrainingTestKit.Phantoms(34));
        var pipeline = TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = TrainingTestKit.MiniArchitecture,
            Epochs = 2,
            BatchSize = 1,
            HeatmapDecodeMinimumVoxels = 10,
            CheckpointDirectory = _directory,
            ResumeFrom = resumeFrom,
            CancellationToken = cancellationToken,
            Progress = progress,
        });
        return pipeline.Fit(data).LastTransformer;
    }
}
