using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Targets;

/// <summary>The estimator of <see cref="AnchorTargetTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.EncodeAnchorTargets(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class AnchorTargetEstimator : TrivialScanEstimatorBase<AnchorTargetTransformer>
{
    internal AnchorTargetEstimator(IHostEnvironment environment, AnchorTargetOptions options)
        : base(environment, nameof(AnchorTargetEstimator), new AnchorTargetTransformer(environment, options))
    {
    }
}
