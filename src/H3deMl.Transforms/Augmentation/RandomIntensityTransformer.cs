using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Scales and shifts intensities by random amounts per scan (seeded).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a volume</description></item>
/// <item><term>Output</term><description>The row with <c>v·scale + shift</c> voxels</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomIntensity(…)</c>.</para>
/// </remarks>
public sealed class RandomIntensityTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.RandomIntensity";
    private readonly RandomStream _stream;

    internal RandomIntensityTransformer(RandomIntensityOptions options, RandomStream stream, string streamIdentity)
    {
        Options = options;
        _stream = stream;
        RandomStreamIdentity = streamIdentity;
    }

    /// <summary>The options.</summary>
    public RandomIntensityOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("RandomIntensity");
        RandomStream random = context.CreateRandom(_stream);
        double scale = Options.ScaleMin + ((Options.ScaleMax - Options.ScaleMin) * random.NextDouble());
        double shift = Options.ShiftMin + ((Options.ShiftMax - Options.ShiftMin) * random.NextDouble());
        return row with { Volume = Augmentations.ScaleShift(volume, (float)scale, (float)shift) };
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options, RandomStreamIdentity);

    internal static RandomIntensityTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<RandomIntensityOptions> saved = StepPersistence.Load<RandomIntensityOptions>(context);
        saved.Options.Validate();
        string identity = saved.RandomStreamIdentity ?? "RandomIntensity";
        return new RandomIntensityTransformer(saved.Options, context.Context.GetRandomStream(identity), identity);
    }
}
