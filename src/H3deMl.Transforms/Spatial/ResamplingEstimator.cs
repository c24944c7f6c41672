using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Spatial;

/// <summary>The estimator of <see cref="ResamplingTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.Resample(…)</c>.</remarks>
public sealed class ResamplingEstimator : TrivialScanEstimatorBase<ResamplingTransformer>
{
    internal ResamplingEstimator(IHostEnvironment environment, ResamplingOptions options)
        : base(environment, nameof(ResamplingEstimator), new ResamplingTransformer(environment, options))
    {
    }
}
