using H3deMl.Core.MLNet;
using H3deMl.Transforms.Augmentation;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operations of the augmentation family.</summary>
public static class AugmentationCatalogExtensions
{
    /// <summary>Mirrors volumes at random, swapping left/right landmark names; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="probabilityI">Probability of mirroring along i, in [0, 1]; default 0.5.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static RandomFlipEstimator RandomFlip(this TransformsCatalog catalog, double probabilityI = 0.5) =>
        RandomFlip(catalog, new RandomFlipOptions { ProbabilityI = probabilityI });

    /// <summary>Mirrors volumes at random, swapping left/right landmark names; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static RandomFlipEstimator RandomFlip(this TransformsCatalog catalog, RandomFlipOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new RandomFlipEstimator(MLNetEnvironment.Of(catalog), options);
    }

    /// <summary>Rotates volumes by small random angles; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="maxDegrees">Largest rotation about each LPS axis, in degrees, in [0, 180]; default 10.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static RandomRotationEstimator RandomRotation(this TransformsCatalog catalog, double maxDegrees = 10) =>
        RandomRotation(catalog, new RandomRotationOptions { MaxDegreesX = maxDegrees, MaxDegreesY = maxDegrees, MaxDegreesZ = maxDegrees });

    /// <summary>Rotates volumes by small random angles; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static RandomRotationEstimator RandomRotation(this TransformsCatalog catalog, RandomRotationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new RandomRotationEstimator(MLNetEnvironment.Of(catalog), options);
    }

    /// <summary>Scales and shifts intensities at random; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="scaleMin">Smallest scale; default 0.9.</param>
    /// <param name="scaleMax">Largest scale; default 1.1.</param>
    /// <param name="shiftMin">Smallest shift; default −0.1.</param>
    /// <param name="shiftMax">Largest shift; default 0.1.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static RandomIntensityEstimator RandomIntensity(this TransformsCatalog catalog, double scaleMin = 0.9, double scaleMax = 1.1, double shiftMin = -0.1, double shiftMax = 0.1) =>
        RandomIntensity(catalog, new RandomIntensityOptions { ScaleMin = scaleMin, ScaleMax = scaleMax, ShiftMin = shiftMin, ShiftMax = shiftMax });

    /// <summary>Scales and shifts intensities at random; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static RandomIntensityEstimator RandomIntensity(this TransformsCatalog catalog, RandomIntensityOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new RandomIntensityEstimator(MLNetEnvironment.Of(catalog), options);
    }

    /// <summary>Adds seeded Gaussian noise; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="standardDeviation">The noise's standard deviation in the volume's units, ≥ 0; default 0.02.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static GaussianNoiseEstimator GaussianNoise(this TransformsCatalog catalog, double standardDeviation = 0.02) =>
        GaussianNoise(catalog, new GaussianNoiseOptions { StandardDeviation = standardDeviation });

    /// <summary>Adds seeded Gaussian noise; append it with <c>TransformerScope.Training</c>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static GaussianNoiseEstimator GaussianNoise(this TransformsCatalog catalog, GaussianNoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new GaussianNoiseEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
