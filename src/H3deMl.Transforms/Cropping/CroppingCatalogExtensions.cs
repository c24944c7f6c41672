using H3deMl.Core.MLNet;
using H3deMl.Transforms.Cropping;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operations that crop scans.</summary>
public static class CroppingCatalogExtensions
{
    /// <summary>The landmark-aware random zoom-and-crop of training; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="sizeI">Crop size along i (the network's first spatial axis), in voxels; default 128.</param>
    /// <param name="sizeJ">Crop size along j; default 128.</param>
    /// <param name="sizeK">Crop size along k; default 64.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static RandomCropEstimator RandomCrop(this TransformsCatalog catalog, int sizeI = 128, int sizeJ = 128, int sizeK = 64) =>
        RandomCrop(catalog, new RandomCropOptions { SizeI = sizeI, SizeJ = sizeJ, SizeK = sizeK });

    /// <summary>The landmark-aware random zoom-and-crop of training; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static RandomCropEstimator RandomCrop(this TransformsCatalog catalog, RandomCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new RandomCropEstimator(MLNetEnvironment.Of(catalog), options);
    }

    /// <summary>The deterministic zoom-and-crop for validation, testing and single-crop inference (see
    /// <see cref="CenterCropTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="sizeI">Crop size along i (the network's first spatial axis), in voxels; default 128.</param>
    /// <param name="sizeJ">Crop size along j; default 128.</param>
    /// <param name="sizeK">Crop size along k; default 64.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static CenterCropEstimator CenterCrop(this TransformsCatalog catalog, int sizeI = 128, int sizeJ = 128, int sizeK = 64) =>
        CenterCrop(catalog, new CenterCropOptions { SizeI = sizeI, SizeJ = sizeJ, SizeK = sizeK });

    /// <summary>The deterministic zoom-and-crop for validation, testing and single-crop inference (see
    /// <see cref="CenterCropTransformer"/>).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static CenterCropEstimator CenterCrop(this TransformsCatalog catalog, CenterCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new CenterCropEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
