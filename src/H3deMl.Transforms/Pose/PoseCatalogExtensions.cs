using H3deMl.Core.MLNet;
using H3deMl.Transforms.Pose;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operation that normalises the pose of scans.</summary>
public static class PoseCatalogExtensions
{
    /// <summary>Resamples every scan into the pose of a reference scan learned at Fit (see <see cref="PoseNormalizingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="spacingMm">The spacing of the normalised grid, mm; null for the reference scan's finest spacing.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static PoseNormalizingEstimator NormalizePose(this TransformsCatalog catalog, double? spacingMm = null) =>
        NormalizePose(catalog, new PoseNormalizingOptions { SpacingMm = spacingMm });

    /// <summary>Resamples every scan into the pose of a reference scan learned at Fit (see <see cref="PoseNormalizingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static PoseNormalizingEstimator NormalizePose(this TransformsCatalog catalog, PoseNormalizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new PoseNormalizingEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
