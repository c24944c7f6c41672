using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Onnx.Pipeline;

/// <summary>The estimator of <see cref="OnnxScoringTransformer"/>: fitting learns nothing.</summary>
/// <remarks>The model is read, and every operator validated, when the estimator is created. Create it with
/// <c>ml.Transforms.ScoreOnnxLandmarks(…)</c>.</remarks>
public sealed class OnnxScoringEstimator : TrivialScanEstimatorBase<OnnxScoringTransformer>
{
    internal OnnxScoringEstimator(IHostEnvironment environment, OnnxScoringTransformer transformer)
        : base(environment, nameof(OnnxScoringEstimator), transformer)
    {
    }
}
