using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Augmentation;

/// <summary>The estimator of <see cref="RandomIntensityTransformer"/>: fitting learns nothing; its seed comes from the
/// <c>MLContext</c> seed.</summary>
/// <remarks>Create it with <c>ml.Transforms.RandomIntensity(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class RandomIntensityEstimator : TrivialScanEstimatorBase<RandomIntensityTransformer>
{
    internal RandomIntensityEstimator(IHostEnvironment environment, RandomIntensityOptions options)
        : base(environment, nameof(RandomIntensityEstimator), new RandomIntensityTransformer(environment, options, RandomSeeds.Next(environment)))
    {
    }
}
