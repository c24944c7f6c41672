using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Onnx.Decoding;

/// <summary>The estimator of <see cref="LandmarkDecodingTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.DecodeLandmarks(…)</c>.</remarks>
public sealed class LandmarkDecodingEstimator : TrivialScanEstimatorBase<LandmarkDecodingTransformer>
{
    internal LandmarkDecodingEstimator(IHostEnvironment environment, LandmarkDecodingOptions options)
        : base(environment, nameof(LandmarkDecodingEstimator), new LandmarkDecodingTransformer(environment, options))
    {
    }
}
