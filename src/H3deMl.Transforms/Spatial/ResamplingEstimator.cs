using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Spatial;

/// <summary>Resamples each volume (trilinear) to a spacing or size, keeping its physical extent and world coordinates. (estimator; fitting learns nothing and returns a <see cref="ResamplingTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The row on the new grid (history records the change); landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.Resample(…)</c>.</para>
/// </remarks>
public sealed class ResamplingEstimator : IScanEstimator<ResamplingTransformer>
{
    internal ResamplingEstimator(H3deContext context, ResamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public ResamplingOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public ResamplingTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ResamplingTransformer(Options);
    }
}
