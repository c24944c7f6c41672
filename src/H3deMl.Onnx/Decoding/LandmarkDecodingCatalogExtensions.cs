using H3deMl.Core.MLNet;
using H3deMl.Onnx.Decoding;
using Microsoft.ML;

namespace H3deMl;

/// <summary><c>ml.Transforms.DecodeLandmarks</c>: H3DE-Net outputs computed elsewhere (ML.NET's <c>ApplyOnnxModel</c>) to landmarks.</summary>
public static class LandmarkDecodingCatalogExtensions
{
    /// <summary>Decodes the outputs of a model exported by <c>ml.Model.ExportToOnnx</c> into <c>PredictedLandmarks</c>,
    /// <c>PresenceProbabilities</c> and <c>PresenceDecisions</c>, as the trained model does; the head, landmark names,
    /// window and decoding parameters are read from the model's metadata now.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="onnxModelPath">The exported .onnx file.</param>
    /// <param name="heatmapColumnName">The column holding the <c>heatmap</c> output (used when the model has that head).</param>
    /// <param name="anchorsColumnName">The column holding the <c>anchors</c> output (used when the model has that head).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The model's metadata lacks the landmark names or window, or holds unreadable values.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static LandmarkDecodingEstimator DecodeLandmarks(this TransformsCatalog catalog, string onnxModelPath, string heatmapColumnName = "heatmap", string anchorsColumnName = "anchors")
    {
        ArgumentNullException.ThrowIfNull(onnxModelPath);
        ArgumentNullException.ThrowIfNull(heatmapColumnName);
        ArgumentNullException.ThrowIfNull(anchorsColumnName);
        OnnxLandmarkMetadata metadata = OnnxLandmarkMetadata.Read(OnnxLandmarkMetadata.OfFile(onnxModelPath));
        return DecodeLandmarks(catalog, LandmarkDecodingOptions.FromMetadata(metadata, heatmapColumnName, anchorsColumnName, ScanColumnNames.Volume));
    }

    /// <summary>Decodes network outputs into landmarks with explicit options (for graphs without H3deMl metadata).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public static LandmarkDecodingEstimator DecodeLandmarks(this TransformsCatalog catalog, LandmarkDecodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new LandmarkDecodingEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
