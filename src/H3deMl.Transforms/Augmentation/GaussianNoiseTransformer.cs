using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Adds seeded Gaussian noise to every voxel.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a volume</description></item>
/// <item><term>Output</term><description>The row with noisy voxels</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.GaussianNoise(…)</c>.</para>
/// </remarks>
public sealed class GaussianNoiseTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.GaussianNoise";
    private readonly RandomStream _stream;

    internal GaussianNoiseTransformer(GaussianNoiseOptions options, RandomStream stream, string streamIdentity)
    {
        Options = options;
        _stream = stream;
        RandomStreamIdentity = streamIdentity;
    }

    /// <summary>The options.</summary>
    public GaussianNoiseOptions Options { get; }

    /// <summary>The identity of the step's random stream (forked from the context seed; saved in model files).</summary>
    public string RandomStreamIdentity { get; }

    /// <inheritdoc/>
    public string StepTypeName => TypeName;

    /// <inheritdoc/>
    public int StepVersion => StepPersistence.Version;

    /// <inheritdoc/>
    public ScanDataView Transform(ScanDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.AppendStep(this);
    }

    /// <inheritdoc/>
    public ScanRow TransformRow(ScanRow row, ScanRowContext context)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(context);
        Core.Volumes.Volume volume = row.RequireVolume("GaussianNoise");
        RandomStream random = context.CreateRandom(_stream);
        return random.NextDouble() < Options.Probability
            ? row with { Volume = Augmentations.AddGaussianNoise(volume, Options.StandardDeviation, random) }
            : row;
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options, RandomStreamIdentity);

    internal static GaussianNoiseTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<GaussianNoiseOptions> saved = StepPersistence.Load<GaussianNoiseOptions>(context);
        saved.Options.Validate();
        string identity = saved.RandomStreamIdentity ?? "GaussianNoise";
        return new GaussianNoiseTransformer(saved.Options, context.Context.GetRandomStream(identity), identity);
    }
}
