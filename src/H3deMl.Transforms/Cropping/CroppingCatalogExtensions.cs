using H3deMl.Core.Pipeline;

using H3deMl.Transforms.Cropping;

// Catalog extensions live in the root namespace (as ML.NET's do) so that one 'using H3deMl.Transforms;' brings every
// ml.Transforms operation into scope.
namespace H3deMl.Transforms;

/// <summary>The <c>ml.Transforms</c> operations of the cropping family.</summary>
public static class CroppingCatalogExtensions
{
    /// <summary>The landmark-aware random zoom-and-crop for training; append it with <c>StepScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="sizeI">Crop size along i (the network's first spatial axis), in voxels; default 128.</param>
    /// <param name="sizeJ">Crop size along j; default 128.</param>
    /// <param name="sizeK">Crop size along k; default 64.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static RandomCropEstimator RandomCrop(this ScanTransformsCatalog catalog, int sizeI = 128, int sizeJ = 128, int sizeK = 64) =>
        RandomCrop(catalog, new RandomCropOptions { SizeI = sizeI, SizeJ = sizeJ, SizeK = sizeK });

    /// <summary>The landmark-aware random zoom-and-crop for training; append it with <c>StepScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static RandomCropEstimator RandomCrop(this ScanTransformsCatalog catalog, RandomCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RandomCropEstimator(catalog.Context, options);
    }

    /// <summary>The deterministic centre zoom-and-crop for validation, testing and single-crop inference.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="sizeI">Crop size along i, in voxels; default 128.</param>
    /// <param name="sizeJ">Crop size along j; default 128.</param>
    /// <param name="sizeK">Crop size along k; default 64.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static CenterCropEstimator CenterCrop(this ScanTransformsCatalog catalog, int sizeI = 128, int sizeJ = 128, int sizeK = 64) =>
        CenterCrop(catalog, new CenterCropOptions { SizeI = sizeI, SizeJ = sizeJ, SizeK = sizeK });

    /// <summary>The deterministic centre zoom-and-crop for validation, testing and single-crop inference.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static CenterCropEstimator CenterCrop(this ScanTransformsCatalog catalog, CenterCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CenterCropEstimator(catalog.Context, options);
    }
}
