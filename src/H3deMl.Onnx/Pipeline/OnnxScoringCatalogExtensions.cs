using H3deMl.Core.MLNet;
using H3deMl.Onnx.Pipeline;
using H3deMl.Onnx.Scoring;
using Microsoft.ML;

namespace H3deMl;

/// <summary><c>ml.Transforms.ScoreOnnxLandmarks</c>: an ONNX H3DE-Net scored by H3deMl's managed interpreter (no native runtime).</summary>
public static class OnnxScoringCatalogExtensions
{
    /// <summary>Runs an ONNX H3DE-Net on each scan with the managed interpreter (sliding windows over larger scans) and
    /// writes <c>PredictedLandmarks</c>, <c>PresenceProbabilities</c> and <c>PresenceDecisions</c>; head, landmark names
    /// and decoding settings come from the model metadata.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="modelPath">The .onnx file.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The graph does not fit (inputs, outputs or metadata; the message says which).</exception>
    /// <exception cref="OnnxModelException">The model uses an unsupported operator, opset or attribute.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static OnnxScoringEstimator ScoreOnnxLandmarks(this TransformsCatalog catalog, string modelPath) =>
        ScoreOnnxLandmarks(catalog, new OnnxScoringOptions { ModelPath = modelPath });

    /// <summary>Runs an ONNX H3DE-Net on each scan with the managed interpreter, with the given options.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or the graph does not fit.</exception>
    /// <exception cref="OnnxModelException">The model uses an unsupported operator, opset or attribute.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static OnnxScoringEstimator ScoreOnnxLandmarks(this TransformsCatalog catalog, OnnxScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        byte[] bytes = File.ReadAllBytes(options.ModelPath);
        var env = MLNetEnvironment.Of(catalog);
        return new OnnxScoringEstimator(env, new OnnxScoringTransformer(env, options, bytes, OnnxNetwork.Load(options.ModelPath)));
    }
}
