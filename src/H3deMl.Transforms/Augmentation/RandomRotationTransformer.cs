using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Rotates volumes by small random angles about their centre (seeded), keeping world coordinates exact.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume</description></item>
/// <item><term>Output</term><description>The rotated volume (same size and spacing, rotated direction); landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomRotation(…)</c>.</para>
/// </remarks>
public sealed class RandomRotationTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.RandomRotation";
    private readonly RandomStream _stream;

    internal RandomRotationTransformer(RandomRotationOptions options, RandomStream stream, string streamIdentity)
    {
        Options = options;
        _stream = stream;
        RandomStreamIdentity = streamIdentity;
    }

    /// <summary>The options.</summary>
    public RandomRotationOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("RandomRotation");
        RandomStream random = context.CreateRandom(_stream);
        bool apply = random.NextDouble() < Options.Probability;
        var angles = new Core.Geometry.Vector3d(
            Options.MaxDegreesX * ((2 * random.NextDouble()) - 1),
            Options.MaxDegreesY * ((2 * random.NextDouble()) - 1),
            Options.MaxDegreesZ * ((2 * random.NextDouble()) - 1));
        if (!apply)
        {
            return row;
        }

        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(Augmentations.Rotate(volume, angles, padding, context.CancellationToken), "RandomRotation");
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options, RandomStreamIdentity);

    internal static RandomRotationTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<RandomRotationOptions> saved = StepPersistence.Load<RandomRotationOptions>(context);
        saved.Options.Validate();
        string identity = saved.RandomStreamIdentity ?? "RandomRotation";
        return new RandomRotationTransformer(saved.Options, context.Context.GetRandomStream(identity), identity);
    }
}
