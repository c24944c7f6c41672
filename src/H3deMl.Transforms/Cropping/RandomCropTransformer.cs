using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Cropping;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(RandomCropTransformer), null, typeof(SignatureLoadModel), "H3deMl random crop", RandomCropTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Cropping;

/// <summary>The landmark-aware random zoom-and-crop of training (H3DE-NET.md §5.3): a training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c>; <c>Landmarks</c> when present (the crop keeps them in view)</description></item>
/// <item><term>Output columns</term><description><c>Volume</c>, cropped (geometry exact, so landmarks stay valid)</description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Each row draws from a stream derived from the step's seed, the pass (epoch) and the row's id, so results do not
/// depend on the order rows are read in or on threads. Create it with <c>ml.Transforms.RandomCrop(…)</c>.</para>
/// </remarks>
public sealed class RandomCropTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deRandomCrop";

    internal RandomCropTransformer(IHostEnvironment environment, RandomCropOptions options, ulong seed)
        : base(environment, nameof(RandomCropTransformer))
    {
        Options = options;
        Seed = seed;
        var stream = new RandomStream(seed);
        Mapping = new ScanRowMapping(
            "RandomCrop",
            new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            (row, context) =>
            {
                Core.Volumes.Volume volume = row.RequireVolume("RandomCrop");
                ZoomCropPlan plan = ZoomCrop.PlanRandom(volume.Geometry, LandmarkIndices.Present(row.Landmarks, volume.Geometry), Options, context.CreateRandom(stream));
                float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
                return row.WithVolume(ZoomCrop.Apply(volume, plan, padding, context.CancellationToken), "RandomCrop");
            },
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public RandomCropOptions Options { get; }

    /// <summary>The seed of the step's random stream (drawn from the <c>MLContext</c> seed when the pipeline was built).</summary>
    public ulong Seed { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DERCRP", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options, Seed);

    private static RandomCropTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(RandomCropTransformer), () => CreateCore(env, ctx));

    private static RandomCropTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        RandomCropOptions options = StepPersistence.Load<RandomCropOptions>(env, ctx, GetVersionInfo(), "RandomCrop", o => o.Validate());
        return new RandomCropTransformer(env, options, ctx.Reader.ReadUInt64());
    }
}
