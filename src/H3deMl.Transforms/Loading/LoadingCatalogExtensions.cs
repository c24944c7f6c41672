using H3deMl.Core.Pipeline;

using H3deMl.Transforms.Loading;

// Catalog extensions live in the root namespace (as ML.NET's do) so that one 'using H3deMl.Transforms;' brings every
// ml.Transforms operation into scope.
namespace H3deMl.Transforms;

/// <summary>The <c>ml.Transforms</c> operations of the loading family.</summary>
public static class LoadingCatalogExtensions
{
    /// <summary>Reads each scan's volume and landmarks when its row is enumerated (see <see cref="VolumeLoadingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="cacheDirectory">A directory for the decoded-volume cache; null (default) for none.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static VolumeLoadingEstimator LoadVolume(this ScanTransformsCatalog catalog, string? cacheDirectory = null) =>
        LoadVolume(catalog, new VolumeLoadingOptions { CacheDirectory = cacheDirectory });

    /// <summary>Reads each scan's volume and landmarks when its row is enumerated (see <see cref="VolumeLoadingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static VolumeLoadingEstimator LoadVolume(this ScanTransformsCatalog catalog, VolumeLoadingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new VolumeLoadingEstimator(catalog.Context, options);
    }
}
