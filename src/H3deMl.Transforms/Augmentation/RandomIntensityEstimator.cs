using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Scales and shifts intensities by random amounts per scan (seeded). (estimator; fitting learns nothing and returns a <see cref="RandomIntensityTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a volume</description></item>
/// <item><term>Output</term><description>The row with <c>v·scale + shift</c> voxels</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomIntensity(…)</c>.</para>
/// </remarks>
public sealed class RandomIntensityEstimator : IScanEstimator<RandomIntensityTransformer>
{
    private readonly RandomStream _stream;
    private readonly string _streamIdentity;

    internal RandomIntensityEstimator(H3deContext context, RandomIntensityOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        (_stream, _streamIdentity) = context.CreateRandomStream("RandomIntensity");
    }

    /// <summary>The options.</summary>
    public RandomIntensityOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public RandomIntensityTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RandomIntensityTransformer(Options, _stream, _streamIdentity);
    }
}
