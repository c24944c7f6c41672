using H3deMl.Core.Phantoms;
using H3deMl.Trainers.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>Set-up shared by the trainer tests: the smallest test network, small phantoms and the pipeline they train.</summary>
internal static class TrainingTestKit
{
    /// <summary><see cref="H3deNetArchitecture.Small"/> narrowed to widths 8/16/16/16 and 4-channel stem and decoder.</summary>
    internal static H3deNetArchitecture MiniArchitecture => H3deNetArchitecture.Small with
    {
        StageWidths = [8, 16, 16, 16],
        StemWidth = 4,
        HalfResolutionWidth = 4,
        FullResolutionWidth = 4,
    };

    /// <summary>Cubic phantoms of 1 mm without spacing jitter; no tooth missing and no cut field of view unless asked.</summary>
    internal static PhantomOptions Phantoms(int size = 32, double missingToothProbability = 0) => new()
    {
        SizeI = size,
        SizeJ = size,
        SizeK = size,
        SpacingJitter = 0,
        MissingToothProbability = missingToothProbability,
        CutFieldOfViewProbability = 0,
    };

    /// <summary>LoadVolume → NormalizeIntensity(−1000, 2000) → 32³ random crop and heatmap targets (training only) → H3DE-Net.</summary>
    internal static EstimatorChain<H3deNetModel> HeatmapPipeline(MLContext ml, H3deNetOptions options, double radiusVoxels = 4) =>
        ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(32, 32, 32), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: radiusVoxels), TransformerScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(options));

    /// <summary>The network's weights as safetensors bytes.</summary>
    internal static byte[] Weights(H3deNetModel model)
    {
        using var stream = new MemoryStream();
        model.Model.SaveSafetensors(stream);
        return stream.ToArray();
    }

    /// <summary>The messages of an exception and of its inner exceptions, one per line.</summary>
    internal static string AllMessages(Exception e) =>
        e.InnerException is null ? e.Message : e.Message + "\n" + AllMessages(e.InnerException);
}

/// <summary>Reports training progress on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
