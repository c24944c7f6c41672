using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Intensity;

/// <summary>The estimator of <see cref="IntensityNormalizingTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.NormalizeIntensity(…)</c>.</remarks>
public sealed class IntensityNormalizingEstimator : TrivialScanEstimatorBase<IntensityNormalizingTransformer>
{
    internal IntensityNormalizingEstimator(IHostEnvironment environment, IntensityNormalizingOptions options)
        : base(environment, nameof(IntensityNormalizingEstimator), new IntensityNormalizingTransformer(environment, options))
    {
    }
}
