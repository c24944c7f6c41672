using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Common;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(RandomFlipTransformer), null, typeof(SignatureLoadModel), "H3deMl random flip", RandomFlipTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Augmentation;

/// <summary>Mirrors volumes along array axes at random (seeded), swapping left/right landmark names when the patient's
/// left-right axis is mirrored: a training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c>; <c>Landmarks</c> when present</description></item>
/// <item><term>Output columns</term><description><c>Volume</c>, mirrored (geometry updated, so world positions are
/// unchanged); <c>Landmarks</c>, when the input has them: after a left-right mirror the left and right landmarks trade
/// positions (the same slot names, the other side's points)</description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Each row draws from a stream derived from the step's seed, the pass (epoch) and the row's id. Create it with
/// <c>ml.Transforms.RandomFlip(…)</c>.</para>
/// </remarks>
public sealed class RandomFlipTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deRandomFlip";
    private readonly RandomStream _stream;

    internal RandomFlipTransformer(IHostEnvironment environment, RandomFlipOptions options, ulong seed)
        : base(environment, nameof(RandomFlipTransformer))
    {
        Options = options;
        Seed = seed;
        _stream = new RandomStream(seed);
        Mapping = new ScanRowMapping(
            "RandomFlip",
            new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks),
            StepColumns.VolumeAndLandmarks,
            StepColumns.VolumeAndLandmarksShape,
            Flip,
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public RandomFlipOptions Options { get; }

    /// <summary>The seed of the step's random stream (drawn from the <c>MLContext</c> seed when the pipeline was built).</summary>
    public ulong Seed { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DERFLP", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options, Seed);

    private static RandomFlipTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(RandomFlipTransformer), () => CreateCore(env, ctx));

    private static RandomFlipTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        RandomFlipOptions options = StepPersistence.Load<RandomFlipOptions>(env, ctx, GetVersionInfo(), "RandomFlip", o => o.Validate());
        return new RandomFlipTransformer(env, options, ctx.Reader.ReadUInt64());
    }

    private ScanRow Flip(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("RandomFlip");
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
}
