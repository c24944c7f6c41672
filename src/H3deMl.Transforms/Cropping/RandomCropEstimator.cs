using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>The landmark-aware random zoom-and-crop for training (H3DE-NET.md §5.3 with the fixes of DECISIONS.md §8; see <see cref="ZoomCrop"/>). (estimator; fitting learns nothing and returns a <see cref="RandomCropTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume and (usually) landmarks</description></item>
/// <item><term>Output</term><description>The crop (size from the options) with exact geometry; landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomCrop(…)</c>.</para>
/// </remarks>
public sealed class RandomCropEstimator : IScanEstimator<RandomCropTransformer>
{
    private readonly RandomStream _stream;
    private readonly string _streamIdentity;

    internal RandomCropEstimator(H3deContext context, RandomCropOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        (_stream, _streamIdentity) = context.CreateRandomStream("RandomCrop");
    }

    /// <summary>The options.</summary>
    public RandomCropOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public RandomCropTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RandomCropTransformer(Options, _stream, _streamIdentity);
    }
}
