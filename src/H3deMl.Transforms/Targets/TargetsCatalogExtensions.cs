using H3deMl.Core.MLNet;
using H3deMl.Transforms.Targets;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operations of the targets family.</summary>
public static class TargetsCatalogExtensions
{
    /// <summary>Encodes landmarks as heatmap targets (reference profile by default) in the <c>HeatmapTargets</c> column; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="radiusVoxels">The reference target's radius R in voxels, &gt; 0; default 20.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static HeatmapTargetEstimator EncodeHeatmapTargets(this TransformsCatalog catalog, double radiusVoxels = 20) =>
        EncodeHeatmapTargets(catalog, new HeatmapTargetOptions { RadiusVoxels = radiusVoxels });

    /// <summary>Encodes landmarks as heatmap targets (reference profile by default) in the <c>HeatmapTargets</c> column; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static HeatmapTargetEstimator EncodeHeatmapTargets(this TransformsCatalog catalog, HeatmapTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new HeatmapTargetEstimator(MLNetEnvironment.Of(catalog), options);
    }

    /// <summary>Encodes landmarks as anchor-head targets (stride 4, radii 0.5/0.75/1/1.25 cells by default) in the <c>AnchorTargets</c> column; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="strideVoxels">The anchor grid stride in voxels; default 4.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static AnchorTargetEstimator EncodeAnchorTargets(this TransformsCatalog catalog, int strideVoxels = 4) =>
        EncodeAnchorTargets(catalog, new AnchorTargetOptions { StrideVoxels = strideVoxels });

    /// <summary>Encodes landmarks as anchor-head targets (stride 4, radii 0.5/0.75/1/1.25 cells by default) in the <c>AnchorTargets</c> column; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static AnchorTargetEstimator EncodeAnchorTargets(this TransformsCatalog catalog, AnchorTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new AnchorTargetEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
