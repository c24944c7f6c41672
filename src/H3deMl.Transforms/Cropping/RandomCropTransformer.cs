using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Cropping;

/// <summary>The landmark-aware random zoom-and-crop for training (H3DE-NET.md §5.3 with the fixes of DECISIONS.md §8; see <see cref="ZoomCrop"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume and (usually) landmarks</description></item>
/// <item><term>Output</term><description>The crop (size from the options) with exact geometry; landmarks unchanged in world coordinates</description></item>
/// <item><term>Runs at inference</term><description>No: append it with <c>StepScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.RandomCrop(…)</c>.</para>
/// </remarks>
public sealed class RandomCropTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    internal const string TypeName = "H3deMl.Transforms.RandomCrop";
    private readonly RandomStream _stream;

    internal RandomCropTransformer(RandomCropOptions options, RandomStream stream, string streamIdentity)
    {
        Options = options;
        _stream = stream;
        RandomStreamIdentity = streamIdentity;
    }

    /// <summary>The options.</summary>
    public RandomCropOptions Options { get; }

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
        Core.Volumes.Volume volume = row.RequireVolume("RandomCrop");
        ZoomCropPlan plan = ZoomCrop.PlanRandom(volume.Geometry, LandmarkIndices.Present(row.Landmarks, volume.Geometry), Options, context.CreateRandom(_stream));
        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(ZoomCrop.Apply(volume, plan, padding, context.CancellationToken), "RandomCrop");
    }

    /// <inheritdoc/>
    public void Save(ScanStepSaveContext context) => StepPersistence.Save(context, Options, RandomStreamIdentity);

    internal static RandomCropTransformer Load(ScanStepLoadContext context)
    {
        PersistedStep<RandomCropOptions> saved = StepPersistence.Load<RandomCropOptions>(context);
        saved.Options.Validate();
        string identity = saved.RandomStreamIdentity ?? "RandomCrop";
        return new RandomCropTransformer(saved.Options, context.Context.GetRandomStream(identity), identity);
    }
}
