using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>The deterministic zoom-and-crop for validation, testing and single-crop inference (H3DE-NET.md §5.4; see <see cref="ZoomCrop"/>). (estimator; fitting learns nothing and returns a <see cref="CenterCropTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume (landmarks, when present, position the crop; without them the whole volume is centred and shrunk to fit)</description></item>
/// <item><term>Output</term><description>The crop with exact geometry</description></item>
/// <item><term>Runs at inference</term><description>Yes (without landmarks: the whole volume, shrunk to fit the crop)</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.CenterCrop(…)</c>.</para>
/// </remarks>
public sealed class CenterCropEstimator : IScanEstimator<CenterCropTransformer>
{
    internal CenterCropEstimator(H3deContext context, CenterCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public CenterCropOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public CenterCropTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new CenterCropTransformer(Options);
    }
}
