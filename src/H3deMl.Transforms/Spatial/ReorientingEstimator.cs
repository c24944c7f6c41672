using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Spatial;

/// <summary>The estimator of <see cref="ReorientingTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.Reorient(…)</c>.</remarks>
public sealed class ReorientingEstimator : TrivialScanEstimatorBase<ReorientingTransformer>
{
    internal ReorientingEstimator(IHostEnvironment environment, ReorientingOptions options)
        : base(environment, nameof(ReorientingEstimator), new ReorientingTransformer(environment, options))
    {
    }
}
