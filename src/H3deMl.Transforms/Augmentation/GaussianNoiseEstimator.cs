using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Augmentation;

/// <summary>The estimator of <see cref="GaussianNoiseTransformer"/>: fitting learns nothing; its seed comes from the
/// <c>MLContext</c> seed.</summary>
/// <remarks>Create it with <c>ml.Transforms.GaussianNoise(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class GaussianNoiseEstimator : TrivialScanEstimatorBase<GaussianNoiseTransformer>
{
    internal GaussianNoiseEstimator(IHostEnvironment environment, GaussianNoiseOptions options)
        : base(environment, nameof(GaussianNoiseEstimator), new GaussianNoiseTransformer(environment, options, RandomSeeds.Next(environment)))
    {
    }
}
