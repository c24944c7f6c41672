using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Augmentation;

/// <summary>The estimator of <see cref="RandomFlipTransformer"/>: fitting learns nothing; its seed comes from the
/// <c>MLContext</c> seed.</summary>
/// <remarks>Create it with <c>ml.Transforms.RandomFlip(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class RandomFlipEstimator : TrivialScanEstimatorBase<RandomFlipTransformer>
{
    internal RandomFlipEstimator(IHostEnvironment environment, RandomFlipOptions options)
        : base(environment, nameof(RandomFlipEstimator), new RandomFlipTransformer(environment, options, RandomSeeds.Next(environment)))
    {
    }
}
