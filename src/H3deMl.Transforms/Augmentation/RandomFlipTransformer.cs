using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Mirrors volumes along array axes at random (seeded), swapping left/right landmark names when the patient’s left-right axis is mirrored.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The mirrored volume (geometry updated, so landmark world positions are unchanged) and, after a left-right mirror, renamed landmarks</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomFlip(…)</c>.</para>
/// </remarks>
public sealed class RandomFlipTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.RandomFlip";
    private readonly RandomStream _stream;

    internal RandomFlipTransformer(RandomFlipOptions options, RandomStream stream, string streamIdentity)
    {
        Options = options;
        _stream = stream;
        RandomStreamIdentity = streamIdentity;
    }

    /// <summary>The options.</summary>
    public RandomFlipOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("RandomFlip");
        RandomStream random = context.CreateRandom(_stream);
        bool flipI = random.NextDouble() < Options.ProbabilityI;
        bool flipJ = random.NextDouble() < Options.ProbabilityJ;
        bool flipK = random.NextDouble() < Options.ProbabilityK;
        if (!flipI && !flipJ && !flipK)
        {
            return row;
        }

        int leftRight = Augmentations.LeftRightAxis(volume.Geometry);
        bool swap = leftRight switch { 0 => flipI, 1 => flipJ, _ => flipK };
        ScanRow flipped = row.WithVolume(Augmentations.Flip(volume, flipI, flipJ, flipK), "RandomFlip");
        return swap && row.Landmarks is not null
            ? flipped with { Landmarks = Augmentations.SwapLeftRightNames(row.Landmarks, Options.LeftNamePrefixes, Options.RightNamePrefixes) }
            : flipped;
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options, RandomStreamIdentity);

    internal static RandomFlipTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<RandomFlipOptions> saved = StepPersistence.Load<RandomFlipOptions>(context);
        saved.Options.Validate();
        string identity = saved.RandomStreamIdentity ?? "RandomFlip";
        return new RandomFlipTransformer(saved.Options, context.Context.GetRandomStream(identity), identity);
    }
}
