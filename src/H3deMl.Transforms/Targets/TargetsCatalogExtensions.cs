using H3deMl.Core.Pipeline;

using H3deMl.Transforms.Targets;

// Catalog extensions live in the root namespace (as ML.NET's do) so that one 'using H3deMl.Transforms;' brings every
// ml.Transforms operation into scope.
namespace H3deMl.Transforms;

/// <summary>The <c>ml.Transforms</c> operations of the targets family.</summary>
public static class TargetsCatalogExtensions
{
    /// <summary>Encodes landmarks as heatmap targets (reference profile by default).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="radiusVoxels">The reference target's radius R in voxels, &gt; 0; default 20.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static HeatmapTargetEstimator EncodeHeatmapTargets(this ScanTransformsCatalog catalog, double radiusVoxels = 20) =>
        EncodeHeatmapTargets(catalog, new HeatmapTargetOptions { RadiusVoxels = radiusVoxels });

    /// <summary>Encodes landmarks as heatmap targets (reference profile by default).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static HeatmapTargetEstimator EncodeHeatmapTargets(this ScanTransformsCatalog catalog, HeatmapTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new HeatmapTargetEstimator(catalog.Context, options);
    }

    /// <summary>Encodes landmarks as anchor-head targets (stride 4, radii 0.5/0.75/1/1.25 cells by default).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="strideVoxels">The anchor grid stride in voxels; default 4.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static AnchorTargetEstimator EncodeAnchorTargets(this ScanTransformsCatalog catalog, int strideVoxels = 4) =>
        EncodeAnchorTargets(catalog, new AnchorTargetOptions { StrideVoxels = strideVoxels });

    /// <summary>Encodes landmarks as anchor-head targets (stride 4, radii 0.5/0.75/1/1.25 cells by default).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static AnchorTargetEstimator EncodeAnchorTargets(this ScanTransformsCatalog catalog, AnchorTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AnchorTargetEstimator(catalog.Context, options);
    }
}
