using H3deMl.Core.Pipeline;

using H3deMl.Transforms.Spatial;

// Catalog extensions live in the root namespace (as ML.NET's do) so that one 'using H3deMl.Transforms;' brings every
// ml.Transforms operation into scope.
namespace H3deMl.Transforms;

/// <summary>The <c>ml.Transforms</c> operations of the spatial family.</summary>
public static class SpatialCatalogExtensions
{
    /// <summary>Resamples each volume (trilinear) to a spacing or size, keeping its extent and world coordinates.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="spacingMm">The isotropic target spacing in millimetres, &gt; 0; default 1.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static ResamplingEstimator Resample(this ScanTransformsCatalog catalog, double spacingMm = 1) =>
        Resample(catalog, new ResamplingOptions { SpacingMmI = spacingMm, SpacingMmJ = spacingMm, SpacingMmK = spacingMm });

    /// <summary>Resamples each volume (trilinear) to a spacing or size, keeping its extent and world coordinates.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static ResamplingEstimator Resample(this ScanTransformsCatalog catalog, ResamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ResamplingEstimator(catalog.Context, options);
    }

    /// <summary>Permutes and mirrors voxel axes to a canonical orientation (no interpolation).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="orientation">The target orientation; default LPS.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static ReorientingEstimator Reorient(this ScanTransformsCatalog catalog, CanonicalOrientation orientation = CanonicalOrientation.Lps) =>
        Reorient(catalog, new ReorientingOptions { Orientation = orientation });

    /// <summary>Permutes and mirrors voxel axes to a canonical orientation (no interpolation).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static ReorientingEstimator Reorient(this ScanTransformsCatalog catalog, ReorientingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ReorientingEstimator(catalog.Context, options);
    }
}
