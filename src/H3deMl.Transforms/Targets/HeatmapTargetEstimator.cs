using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Transforms.Targets;

/// <summary>The estimator of <see cref="HeatmapTargetTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.EncodeHeatmapTargets(…)</c> and append it with <c>TransformerScope.Training</c>.</remarks>
public sealed class HeatmapTargetEstimator : TrivialScanEstimatorBase<HeatmapTargetTransformer>
{
    internal HeatmapTargetEstimator(IHostEnvironment environment, HeatmapTargetOptions options)
        : base(environment, nameof(HeatmapTargetEstimator), new HeatmapTargetTransformer(environment, options))
    {
    }
}
