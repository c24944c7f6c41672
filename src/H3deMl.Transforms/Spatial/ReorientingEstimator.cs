using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Spatial;

/// <summary>Permutes and mirrors voxel axes to a canonical orientation (no interpolation), keeping world coordinates. (estimator; fitting learns nothing and returns a <see cref="ReorientingTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The row in the canonical orientation; landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.Reorient(…)</c>.</para>
/// </remarks>
public sealed class ReorientingEstimator : IScanEstimator<ReorientingTransformer>
{
    internal ReorientingEstimator(H3deContext context, ReorientingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public ReorientingOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public ReorientingTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ReorientingTransformer(Options);
    }
}
