using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Loading;

/// <summary>The estimator of <see cref="VolumeLoadingTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.LoadVolume(…)</c>.</remarks>
public sealed class VolumeLoadingEstimator : TrivialScanEstimatorBase<VolumeLoadingTransformer>
{
    internal VolumeLoadingEstimator(IHostEnvironment environment, VolumeLoadingOptions options)
        : base(environment, nameof(VolumeLoadingEstimator), new VolumeLoadingTransformer(environment, options))
    {
    }
}
