using H3deMl.Core.MLNet;
using H3deMl.Transforms.Spatial;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operations that change a scan's voxel grid without moving its anatomy.</summary>
public static class SpatialCatalogExtensions
{
    /// <summary>Resamples each volume (trilinear) to an isotropic spacing, keeping its extent and world coordinates
    /// (see <see cref="ResamplingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="spacingMm">The isotropic target spacing in millimetres, &gt; 0; default 1.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static ResamplingEstimator Resample(this TransformsCatalog catalog, double spacingMm = 1) =>
        Resample(catalog, new ResamplingOptions { SpacingMmI = spacingMm, SpacingMmJ = spacingMm, SpacingMmK = spacingMm });

    /// <summary>Resamples each volume (trilinear) to a spacing or size, keeping its extent and world coordinates
    /// (see <see cref="ResamplingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static ResamplingEstimator Resample(this TransformsCatalog catalog, ResamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new ResamplingEstimator(MLNetEnvironment.Of(catalog), options);
    }

    /// <summary>Permutes and mirrors voxel axes to a canonical orientation, without interpolation
    /// (see <see cref="ReorientingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="orientation">The target orientation; default LPS.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static ReorientingEstimator Reorient(this TransformsCatalog catalog, CanonicalOrientation orientation = CanonicalOrientation.Lps) =>
        Reorient(catalog, new ReorientingOptions { Orientation = orientation });

    /// <summary>Permutes and mirrors voxel axes to a canonical orientation, without interpolation
    /// (see <see cref="ReorientingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static ReorientingEstimator Reorient(this TransformsCatalog catalog, ReorientingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new ReorientingEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
