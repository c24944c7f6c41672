using H3deMl.Core.MLNet;
using H3deMl.Onnx.Decoding;
using Microsoft.ML;

namespace H3deMl;

/// <summary><c>ml.Transforms.ExtractNetworkInput</c>: a volume as the input vector of an exported network.</summary>
public static class NetworkInputCatalogExtensions
{
    /// <summary>Writes each volume as the float vector an exported H3DE-Net takes (I·J·K values, k fastest), for ML.NET's
    /// <c>ApplyOnnxModel</c>. Each volume must have exactly the exported size.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="sizeI">The network's input size along i (A0).</param>
    /// <param name="sizeJ">Along j (A1).</param>
    /// <param name="sizeK">Along k (A2).</param>
    /// <param name="outputColumnName">The output column; default <c>image</c>, the exported graph's input name.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public static NetworkInputExtractingEstimator ExtractNetworkInput(this TransformsCatalog catalog, int sizeI, int sizeJ, int sizeK, string outputColumnName = "image") =>
        ExtractNetworkInput(catalog, new NetworkInputOptions { Size = [sizeI, sizeJ, sizeK], OutputColumnName = outputColumnName });

    /// <summary>Writes each volume as the float vector an exported H3DE-Net takes, with the given options.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public static NetworkInputExtractingEstimator ExtractNetworkInput(this TransformsCatalog catalog, NetworkInputOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new NetworkInputExtractingEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
