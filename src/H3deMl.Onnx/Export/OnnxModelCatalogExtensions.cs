using H3deMl.Core.Pipeline;
using H3deMl.Onnx.Export;
using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;

namespace H3deMl.Onnx;

/// <summary>ONNX export of trained models (<c>ml.Model.ExportToOnnx</c>).</summary>
public static class OnnxModelCatalogExtensions
{
    /// <summary>
    /// Writes the H3DE-Net of a fitted pipeline as a standard ONNX model (opset 17 by default): weights as
    /// initializers under their reference names, input <c>image</c> (N, channels, A0, A1, A2) with a dynamic batch
    /// <c>N</c> and the training window as spatial size, outputs <c>heatmap</c> (N, landmarks, A0, A1, A2; logits)
    /// and/or <c>anchors</c> (N, G0, G1, G2, anchors, 3 + landmarks; offsets then presence logits) laid out as
    /// <c>H3deNetOutput</c>, and the landmark names, preprocessing steps and decoding parameters as metadata
    /// (<see cref="OnnxMetadataKeys"/>).
    /// </summary>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted chain ending with a trained H3DE-Net, or the trained step itself.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <param name="opset">The ONNX opset, 17 to 21.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <exception cref="ArgumentException">The model holds no trained H3DE-Net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The opset is not supported.</exception>
    public static void ExportToOnnx(this ScanModelCatalog catalog, IScanTransformer model, Stream stream, int opset = OnnxExportOptions.MinimumOpset,
        CancellationToken cancellationToken = default) =>
        catalog.ExportToOnnx(model, stream, new OnnxExportOptions { Opset = opset }, cancellationToken);

    /// <summary>Writes the H3DE-Net of a fitted pipeline as an ONNX model with explicit options (see the other overload).</summary>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted chain ending with a trained H3DE-Net, or the trained step itself.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <param name="options">Opset and input size.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <exception cref="ArgumentException">The model holds no trained H3DE-Net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static void ExportToOnnx(this ScanModelCatalog catalog, IScanTransformer model, Stream stream, OnnxExportOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        catalog.ToOnnxModel(model, options, cancellationToken).WriteTo(stream);
    }

    /// <summary>The ONNX model of a fitted pipeline's H3DE-Net as messages (what <see cref="ExportToOnnx(ScanModelCatalog, IScanTransformer, Stream, OnnxExportOptions, CancellationToken)"/> writes).</summary>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted chain ending with a trained H3DE-Net, or the trained step itself.</param>
    /// <param name="options">Opset and input size.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The model holds no trained H3DE-Net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ModelProto ToOnnxModel(this ScanModelCatalog catalog, IScanTransformer model, OnnxExportOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var (network, preprocessing, landmarkNames) = Find(model);
        var window = network.Options.WindowSize;
        var size = options.InputSize ?? (window[0], window[1], window[2]);
        return Build(network.Network, size, options,
            OnnxExportMetadata.Collect(catalog, network, preprocessing, landmarkNames), cancellationToken);
    }

    /// <summary>
    /// A bare network (no pipeline) as an ONNX model, for benchmarks and networks trained outside a pipeline: the
    /// same graph as <see cref="ToOnnxModel(ScanModelCatalog, IScanTransformer, OnnxExportOptions, CancellationToken)"/>;
    /// the metadata holds only the head and the architecture.
    /// </summary>
    /// <param name="network">The network (its current weights are exported).</param>
    /// <param name="inputSize">The spatial input size (A0, A1, A2).</param>
    /// <param name="opset">The ONNX opset, 17 to 21.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The opset or an input size is out of range.</exception>
    public static ModelProto ToOnnxModel(this H3deNet network, (int A0, int A1, int A2) inputSize, int opset = OnnxExportOptions.MinimumOpset,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var options = new OnnxExportOptions { Opset = opset, InputSize = inputSize };
        options.Validate();
        return Build(network, inputSize, options, OnnxExportMetadata.ForNetwork(network.Architecture), cancellationToken);
    }

    private static ModelProto Build(H3deNet network, (int A0, int A1, int A2) size, OnnxExportOptions options,
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

    private static (H3deNetModel Network, IReadOnlyList<ScanChainStep> Preprocessing, IReadOnlyList<string> LandmarkNames) Find(IScanTransformer model)
    {
        if (model is H3deNetModel single) return (single, [], single.Options.LandmarkNames);
        if (model is not IScanTransformerChain chain)
            throw new ArgumentException($"The model is a {model.GetType().Name}; ONNX export needs a trained H3DE-Net (H3deNetModel) or a chain ending with one.", nameof(model));
        var index = -1;
        for (var i = chain.Steps.Count - 1; i >= 0 && index < 0; i--)
            if (chain.Steps[i].Transformer is H3deNetModel) index = i;
        if (index < 0) throw new ArgumentException("The pipeline holds no trained H3DE-Net (H3deNetModel) to export.", nameof(model));
        var network = (H3deNetModel)chain.Steps[index].Transformer;
        var preprocessing = chain.Steps.Take(index).Where(s => s.Scope.HasFlag(StepScope.Scoring)).ToArray();
        var names = network.Options.LandmarkNames.Count > 0 ? network.Options.LandmarkNames : chain.LandmarkNames;
        return (network, preprocessing, names);
    }
}
