using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Mirrors volumes along array axes at random (seeded), swapping left/right landmark names when the patient’s left-right axis is mirrored. (estimator; fitting learns nothing and returns a <see cref="RandomFlipTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The mirrored volume (geometry updated, so landmark world positions are unchanged) and, after a left-right mirror, renamed landmarks</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomFlip(…)</c>.</para>
/// </remarks>
public sealed class RandomFlipEstimator : IScanEstimator<RandomFlipTransformer>
{
    private readonly RandomStream _stream;
    private readonly string _streamIdentity;

    internal RandomFlipEstimator(H3deContext context, RandomFlipOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        (_stream, _streamIdentity) = context.CreateRandomStream("RandomFlip");
    }

    /// <summary>The options.</summary>
    public RandomFlipOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public RandomFlipTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RandomFlipTransformer(Options, _stream, _streamIdentity);
    }
}
