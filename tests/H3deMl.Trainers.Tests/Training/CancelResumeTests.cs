using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>Cancelling training writes a checkpoint after the running batch; resuming from it gives the weights of an uninterrupted run.</summary>
public sealed class CancelResumeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "h3de-resume-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void Cancel_MidEpoch_WritesCheckpoint_AndResumeMatchesUninterruptedRun()
    {
        byte[] uninterrupted = Weights(Train(null, null, CancellationToken.None));

        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Epoch == 2 && p.Batch == 1) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Train(progress, null, cts.Token));
        var checkpoint = Path.Combine(_directory, "last.ckpt");
        Assert.True(File.Exists(checkpoint), "no checkpoint was written on cancellation");

        byte[] resumed = Weights(Train(null, checkpoint, CancellationToken.None));
        Assert.Equal(uninterrupted, resumed);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private H3deNetModel Train(IProgress<TrainingProgress>? progress, string? resumeFrom, CancellationToken cancellationToken)
    {
        var ml = new H3deContext(seed: 5);
        var phantoms = new PhantomOptions { SizeI = 36, SizeJ = 36, SizeK = 36 };
        var data = ml.Data.GeneratePhantoms(3, phantoms);
        var pipeline = TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = H3deNetArchitecture.Small,
            Epochs = 2,
            BatchSize = 1,
            HeatmapDecodeMinimumVoxels = 10,
            CheckpointDirectory = _directory,
            ResumeFrom = resumeFrom,
        }, progress);
        return pipeline.Fit(data, cancellationToken).LastTransformer;
    }

    private static byte[] Weights(H3deNetModel model)
    {
        using var stream = new MemoryStream();
        model.Network.SaveSafetensors(stream);
        return stream.ToArray();
    }
}
