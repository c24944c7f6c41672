using H3deMl.Core.MLNet;
using H3deMl.Transforms.Intensity;
using Microsoft.ML;

namespace H3deMl;

/// <summary>The <c>ml.Transforms</c> operations of the intensity family.</summary>
public static class IntensityCatalogExtensions
{
    /// <summary>Clips intensities to a window and scales it to an output range (or z-score / percentile clipping through the options).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="min">The window's lower end in the volume's units (e.g. −1000 HU); default 0.</param>
    /// <param name="max">The window's upper end, &gt; <paramref name="min"/>; default 255.</param>
    /// <param name="outputMin">What <paramref name="min"/> maps to; default 0.</param>
    /// <param name="outputMax">What <paramref name="max"/> maps to; default 1 (use 255 for the paper's [0, 255]).</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (the message names it).</exception>
    public static IntensityNormalizingEstimator NormalizeIntensity(this TransformsCatalog catalog, float min = 0, float max = 255, float outputMin = 0, float outputMax = 1) =>
        NormalizeIntensity(catalog, new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Window, WindowMin = min, WindowMax = max, OutputMin = outputMin, OutputMax = outputMax });

    /// <summary>Clips intensities to a window and scales it to an output range (or z-score / percentile clipping through the options).</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names the property).</exception>
    public static IntensityNormalizingEstimator NormalizeIntensity(this TransformsCatalog catalog, IntensityNormalizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new IntensityNormalizingEstimator(MLNetEnvironment.Of(catalog), options);
    }
}
