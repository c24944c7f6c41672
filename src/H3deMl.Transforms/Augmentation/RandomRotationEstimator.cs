using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Augmentation;

/// <summary>The estimator of <see cref="RandomRotationTransformer"/>: fitting learns nothing; its seed comes from the
/// <c>MLContext</c> seed.</summary>
/// <remarks>Create it with <c>ml.Transforms.RandomRotation(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class RandomRotationEstimator : TrivialScanEstimatorBase<RandomRotationTransformer>
{
    internal RandomRotationEstimator(IHostEnvironment environment, RandomRotationOptions options)
        : base(environment, nameof(RandomRotationEstimator), new RandomRotationTransformer(environment, options, RandomSeeds.Next(environment)))
    {
    }
}
