using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Loading;

/// <summary>Reads each row's volume and landmarks (lazily, when the row is enumerated), optionally through an on-disk cache. (estimator; fitting learns nothing and returns a <see cref="VolumeLoadingTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>Rows from a dataset (paths) or in memory</description></item>
/// <item><term>Output</term><description>Rows with <c>Volume</c> and <c>Landmarks</c> (LPS mm; outside the field of view marked missing by default)</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.LoadVolume(…)</c>.</para>
/// </remarks>
public sealed class VolumeLoadingEstimator : IScanEstimator<VolumeLoadingTransformer>
{
    internal VolumeLoadingEstimator(H3deContext context, VolumeLoadingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public VolumeLoadingOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public VolumeLoadingTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new VolumeLoadingTransformer(Options);
    }
}
