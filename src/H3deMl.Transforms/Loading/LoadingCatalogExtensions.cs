using H3deMl.Core.MLNet;
using H3deMl.Transforms.Loading;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operations that load scans.</summary>
public static class LoadingCatalogExtensions
{
    /// <summary>Reads each scan's volume from its <c>ScanPath</c> when the row is read (see <see cref="VolumeLoadingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="cacheDirectory">A directory for the decoded-volume cache; null (default) for none. Not saved with the model.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static VolumeLoadingEstimator LoadVolume(this TransformsCatalog catalog, string? cacheDirectory = null) =>
        LoadVolume(catalog, new VolumeLoadingOptions { CacheDirectory = cacheDirectory });

    /// <summary>Reads each scan's volume from its <c>ScanPath</c> when the row is read (see <see cref="VolumeLoadingTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static VolumeLoadingEstimator LoadVolume(this TransformsCatalog catalog, VolumeLoadingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new VolumeLoadingEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
