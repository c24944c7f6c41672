using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Targets;

/// <summary>Encodes each row’s landmarks as anchor-head targets on its current grid (see <see cref="AnchorTargets"/>), stored as feature <see cref="TargetFeatureKeys.Anchors"/>. (estimator; fitting learns nothing and returns a <see cref="AnchorTargetTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a volume (usually a crop) and landmarks</description></item>
/// <item><term>Output</term><description>The row with an <see cref="AnchorTargets"/> feature</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c> (or Training | Evaluation for validation losses)</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.EncodeAnchorTargets(…)</c>.</para>
/// </remarks>
public sealed class AnchorTargetEstimator : IScanEstimator<AnchorTargetTransformer>
{
    internal AnchorTargetEstimator(H3deContext context, AnchorTargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public AnchorTargetOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public AnchorTargetTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AnchorTargetTransformer(Options);
    }
}
