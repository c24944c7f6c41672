using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Rotates volumes by small random angles about their centre (seeded), keeping world coordinates exact. (estimator; fitting learns nothing and returns a <see cref="RandomRotationTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The rotated volume (same size and spacing, rotated direction); landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomRotation(…)</c>.</para>
/// </remarks>
public sealed class RandomRotationEstimator : IScanEstimator<RandomRotationTransformer>
{
    private readonly RandomStream _stream;
    private readonly string _streamIdentity;

    internal RandomRotationEstimator(H3deContext context, RandomRotationOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        (_stream, _streamIdentity) = context.CreateRandomStream("RandomRotation");
    }

    /// <summary>The options.</summary>
    public RandomRotationOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public RandomRotationTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RandomRotationTransformer(Options, _stream, _streamIdentity);
    }
}
