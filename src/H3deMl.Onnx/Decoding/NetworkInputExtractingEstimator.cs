using H3deMl.Core.MLNet;
using Microsoft.ML.Runtime;

namespace H3deMl.Onnx.Decoding;

/// <summary>The estimator of <see cref="NetworkInputExtractingTransformer"/>: fitting learns nothing.</summary>
/// <remarks>Create it with <c>ml.Transforms.ExtractNetworkInput(…)</c>.</remarks>
public sealed class NetworkInputExtractingEstimator : TrivialScanEstimatorBase<NetworkInputExtractingTransformer>
{
    internal NetworkInputExtractingEstimator(IHostEnvironment environment, NetworkInputOptions options)
        : base(environment, nameof(NetworkInputExtractingEstimator), new NetworkInputExtractingTransformer(environment, options))
    {
    }
}
