using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Network;

namespace H3deMl.Onnx.Export;

/// <summary>ONNX export of a bare network (no pipeline), for benchmarks and networks trained outside a pipeline.</summary>
public static class H3deNetOnnxExtensions
{
    /// <summary>
    /// The same graph as <c>ml.Model.ToOnnxModel</c> writes for a pipeline holding this network; the metadata holds only
    /// the head and the architecture.
    /// </summary>
    /// <param name="network">The network (its current weights are exported).</param>
    /// <param name="inputSize">The spatial input size (A0, A1, A2).</param>
    /// <param name="opset">The ONNX opset, 17 to 21.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The opset or an input size is out of range.</exception>
    public static ModelProto ToOnnxModel(this H3deNet network, (int A0, int A1, int A2) inputSize, int opset = OnnxExportOptions.MinimumOpset,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var options = new OnnxExportOptions { Opset = opset, InputSize = inputSize };
        options.Validate();
        return OnnxModelBuilder.Build(network, inputSize, options, OnnxExportMetadata.ForNetwork(network.Architecture), cancellationToken);
    }
}
