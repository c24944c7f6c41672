using System.Runtime.CompilerServices;
using H3deMl.Core.Pipeline;

namespace H3deMl.Onnx;

/// <summary>ONNX scoring in pipelines: <c>ml.Transforms.ApplyOnnxModel(…)</c>.</summary>
public static class OnnxCatalogExtensions
{
    /// <summary>Runs an ONNX model on each row's volume (as (1, 1, I, J, K)) on the H3deMl engine; stores its outputs as
    /// features and decodes H3DE-Net heads into landmark predictions (see <see cref="OnnxApplyOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="inputName">The graph input for the volume; null for the only input.</param>
    /// <param name="outputNames">The outputs to store as features; null for all.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="Scoring.OnnxModelException">The model uses an unsupported operator, opset or attribute.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static OnnxApplyingEstimator ApplyOnnxModel(this ScanTransformsCatalog catalog, string modelPath, string? inputName = null, IReadOnlyList<string>? outputNames = null) =>
        ApplyOnnxModel(catalog, new OnnxApplyOptions { ModelPath = modelPath, InputName = inputName, OutputNames = outputNames });

    /// <summary>Runs an ONNX model on each row with the given options.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="Scoring.OnnxModelException">The model uses an unsupported operator, opset or attribute.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static OnnxApplyingEstimator ApplyOnnxModel(this ScanTransformsCatalog catalog, OnnxApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new OnnxApplyingEstimator(catalog.Context, options);
    }

    // A library module initializer is deliberate: loading a model file must find this step's loader (ScanStepLoaders).
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterStepLoaders() => ScanStepLoaders.Register(OnnxApplyingTransformer.TypeName, OnnxApplyingTransformer.Load);
}
