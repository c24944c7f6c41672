using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Cropping;

/// <summary>The estimator of <see cref="CenterCropTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.CenterCrop(…)</c>.</remarks>
public sealed class CenterCropEstimator : TrivialScanEstimatorBase<CenterCropTransformer>
{
    internal CenterCropEstimator(IHostEnvironment environment, CenterCropOptions options)
        : base(environment, nameof(CenterCropEstimator), new CenterCropTransformer(environment, options))
    {
    }
}
