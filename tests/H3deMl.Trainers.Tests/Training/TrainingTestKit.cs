using H3deMl.Core.Pipeline;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>Set-up shared by the trainer tests: the smallest test network and the phantom pipeline they train.</summary>
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

    /// <summary>
    /// LoadVolume → NormalizeIntensity(−1000, 2000) → 32³ random crop and heatmap targets (training only) → H3DE-Net.
    /// </summary>
    internal static ScanEstimatorChain<H3deNetModel> HeatmapPipeline(H3deContext ml, H3deNetOptions options,
        IProgress<TrainingProgress>? progress = null, double radiusVoxels = 4) =>
        ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(32, 32, 32), StepScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: radiusVoxels), StepScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(options, progress));
}

/// <summary>Reports training progress on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
