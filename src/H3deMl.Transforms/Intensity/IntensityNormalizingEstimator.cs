using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Intensity;

/// <summary>Normalises voxel intensities: window and scale, z-score, or percentile clipping; geometry and landmarks unchanged. (estimator; fitting learns nothing and returns a <see cref="IntensityNormalizingTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No (statistics are per scan)</description></item>
/// <item><term>Input</term><description>A row with a volume</description></item>
/// <item><term>Output</term><description>The row with normalised voxels</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.NormalizeIntensity(…)</c>.</para>
/// </remarks>
public sealed class IntensityNormalizingEstimator : IScanEstimator<IntensityNormalizingTransformer>
{
    internal IntensityNormalizingEstimator(H3deContext context, IntensityNormalizingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public IntensityNormalizingOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public IntensityNormalizingTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new IntensityNormalizingTransformer(Options);
    }
}
