using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Cropping;

/// <summary>The estimator of <see cref="RandomCropTransformer"/>: fitting learns nothing; its seed comes from the
/// <c>MLContext</c> seed.</summary>
/// <remarks>Create it with <c>ml.Transforms.RandomCrop(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class RandomCropEstimator : TrivialScanEstimatorBase<RandomCropTransformer>
{
    internal RandomCropEstimator(IHostEnvironment environment, RandomCropOptions options)
        : base(environment, nameof(RandomCropEstimator), new RandomCropTransformer(environment, options, RandomSeeds.Next(environment)))
    {
    }
}
