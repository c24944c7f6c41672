using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Adds seeded Gaussian noise to every voxel. (estimator; fitting learns nothing and returns a <see cref="GaussianNoiseTransformer"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a volume</description></item>
/// <item><term>Output</term><description>The row with noisy voxels</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.GaussianNoise(…)</c>.</para>
/// </remarks>
public sealed class GaussianNoiseEstimator : IScanEstimator<GaussianNoiseTransformer>
{
    private readonly RandomStream _stream;
    private readonly string _streamIdentity;

    internal GaussianNoiseEstimator(H3deContext context, GaussianNoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        (_stream, _streamIdentity) = context.CreateRandomStream("GaussianNoise");
    }

    /// <summary>The options.</summary>
    public GaussianNoiseOptions Options { get; }

    /// <summary>Returns the transformer (nothing is learned).</summary>
    /// <param name="input">The training data (not enumerated).</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public GaussianNoiseTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new GaussianNoiseTransformer(Options, _stream, _streamIdentity);
    }
}
