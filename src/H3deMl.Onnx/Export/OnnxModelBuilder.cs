using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Network;

namespace H3deMl.Onnx.Export;

/// <summary>Wraps the graph of a network in an ONNX model: versions, producer, doc string and metadata.</summary>
internal static class OnnxModelBuilder
{
    public static ModelProto Build(H3deNet network, (int A0, int A1, int A2) size, OnnxExportOptions options,
        IEnumerable<StringStringEntryProto> metadata, CancellationToken cancellationToken)
    {
        var onnx = new ModelProto
        {
            IrVersion = options.IrVersion,
            ProducerName = "H3deMl",
            ProducerVersion = OnnxExportMetadata.LibraryVersion(),
            Domain = "org.h3deml",
            ModelVersion = 1,
            DocString = "H3DE-Net landmark detector exported by H3deMl. Input 'image' (N, channels, A0, A1, A2) is the "
                + "preprocessed volume (see the h3deml.preprocessing metadata). Outputs: 'heatmap' (N, landmarks, A0, A1, A2) "
                + "logits at input resolution; 'anchors' (N, G0, G1, G2, anchors, 3 + landmarks) on the stride-4 grid, per "
                + "anchor 3 offsets then one presence logit per landmark.",
            Graph = H3deNetGraphWriter.Write(network, size, options.Opset, cancellationToken),
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto("", options.Opset));
        onnx.MetadataProps.AddRange(metadata);
        return onnx;
    }
}
