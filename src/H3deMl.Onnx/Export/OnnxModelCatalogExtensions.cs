using H3deMl.Onnx.Export;
using H3deMl.Onnx.Protobuf;
using Microsoft.ML;

namespace H3deMl;

/// <summary>ONNX export of trained models: <c>ml.Model.ExportToOnnx(…)</c>.</summary>
public static class OnnxModelCatalogExtensions
{
    /// <summary>
    /// Writes the H3DE-Net of a fitted or loaded pipeline as a standard ONNX model (opset 17 by default): weights as
    /// initializers under their reference names, input <c>image</c> (N, channels, A0, A1, A2) with a dynamic batch
    /// <c>N</c> and the training window as fixed spatial size, outputs <c>heatmap</c> (N, landmarks, A0, A1, A2; logits)
    /// and/or <c>anchors</c> (N, G0, G1, G2, anchors, 3 + landmarks; offsets then presence logits), and the landmark
    /// names, preprocessing steps and decoding parameters as metadata (<see cref="Onnx.OnnxMetadataKeys"/>).
    /// </summary>
    /// <remarks>Score it inside ML.NET with <c>ExtractNetworkInput</c> → <c>ApplyOnnxModel</c> (Microsoft.ML.OnnxTransformer)
    /// → <c>DecodeLandmarks</c>, or with the managed <c>ScoreOnnxLandmarks</c>.</remarks>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded pipeline holding a trained H3DE-Net, or the trained model itself.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <param name="options">Opset and input size; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The pipeline holds no trained H3DE-Net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static void ExportToOnnx(this ModelOperationsCatalog catalog, ITransformer model, Stream stream, OnnxExportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        catalog.ToOnnxModel(model, options, cancellationToken).WriteTo(stream);
    }

    /// <summary>Writes the H3DE-Net of a fitted or loaded pipeline to an ONNX file (see the stream overload).</summary>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded pipeline holding a trained H3DE-Net, or the trained model itself.</param>
    /// <param name="path">The .onnx file to write (replaced when it exists).</param>
    /// <param name="options">Opset and input size; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The pipeline holds no trained H3DE-Net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static void ExportToOnnx(this ModelOperationsCatalog catalog, ITransformer model, string path, OnnxExportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelProto onnx = catalog.ToOnnxModel(model, options, cancellationToken);
        using FileStream file = File.Create(path);
        onnx.WriteTo(file);
    }

    /// <summary>The ONNX model of a pipeline's H3DE-Net as messages (what <c>ExportToOnnx</c> writes).</summary>
    /// <param name="catalog">The model catalog (<c>ml.Model</c>).</param>
    /// <param name="model">A fitted or loaded pipeline holding a trained H3DE-Net, or the trained model itself.</param>
    /// <param name="options">Opset and input size; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The pipeline holds no trained H3DE-Net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ModelProto ToOnnxModel(this ModelOperationsCatalog catalog, ITransformer model, OnnxExportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        options.Validate();
        ExportedPipeline pipeline = ExportedPipeline.Find(model);
        int[] window = pipeline.Network.Options.WindowSize;
        (int, int, int) size = options.InputSize ?? (window[0], window[1], window[2]);
        return OnnxModelBuilder.Build(pipeline.Network.Model, size, options, OnnxExportMetadata.Collect(pipeline), cancellationToken);
    }
}
