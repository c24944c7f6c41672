using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Common;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(RandomRotationTransformer), null, typeof(SignatureLoadModel), "H3deMl random rotation", RandomRotationTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Augmentation;

/// <summary>Rotates volumes by small random angles about their centre (seeded), keeping world coordinates exact: a
/// training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c>, resampled onto a rotated grid of the same size and
/// spacing (the anatomy turns in the voxel array, not in the world, so landmarks stay valid and are not rewritten)</description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Each row draws from a stream derived from the step's seed, the pass (epoch) and the row's id. Create it with
/// <c>ml.Transforms.RandomRotation(…)</c>.</para>
/// </remarks>
public sealed class RandomRotationTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deRandomRotation";
    private readonly RandomStream _stream;

    internal RandomRotationTransformer(IHostEnvironment environment, RandomRotationOptions options, ulong seed)
        : base(environment, nameof(RandomRotationTransformer))
    {
        Options = options;
        Seed = seed;
        _stream = new RandomStream(seed);
        Mapping = new ScanRowMapping(
            "RandomRotation",
            new ScanInputColumns(ScanColumnNames.Volume, null),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            Rotate,
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public RandomRotationOptions Options { get; }

    /// <summary>The seed of the step's random stream (drawn from the <c>MLContext</c> seed when the pipeline was built).</summary>
    public ulong Seed { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DERROT", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options, Seed);

    private static RandomRotationTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(RandomRotationTransformer), () => CreateCore(env, ctx));

    private static RandomRotationTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        RandomRotationOptions options = StepPersistence.Load<RandomRotationOptions>(env, ctx, GetVersionInfo(), "RandomRotation", o => o.Validate());
        return new RandomRotationTransformer(env, options, ctx.Reader.ReadUInt64());
    }

    private ScanRow Rotate(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("RandomRotation");
        RandomStream random = context.CreateRandom(_stream);
        bool apply = random.NextDouble() < Options.Probability;
        var angles = new Vector3d(
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
}
