using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Onnx.Scoring;

namespace H3deMl.Onnx;

/// <summary>Runs an ONNX model on each row (estimator; fitting learns nothing and returns an <see cref="OnnxApplyingTransformer"/>).</summary>
/// <remarks>The model is read, and every operator validated, when the estimator is created. Create it with <c>ml.Transforms.ApplyOnnxModel(…)</c>.</remarks>
public sealed class OnnxApplyingEstimator : IScanEstimator<OnnxApplyingTransformer>
{
    private readonly OnnxApplyingTransformer _transformer;

    internal OnnxApplyingEstimator(H3deContext context, OnnxApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var bytes = File.ReadAllBytes(options.ModelPath);
        _transformer = new OnnxApplyingTransformer(options, bytes, OnnxNetwork.Load(options.ModelPath));
    }

    /// <summary>The options.</summary>
    public OnnxApplyOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public OnnxApplyingTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _transformer;
    }
}
