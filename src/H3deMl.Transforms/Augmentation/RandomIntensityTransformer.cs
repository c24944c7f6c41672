using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Common;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(RandomIntensityTransformer), null, typeof(SignatureLoadModel), "H3deMl random intensity", RandomIntensityTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Augmentation;

/// <summary>Scales and shifts intensities by random amounts per scan (seeded): a training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c> with <c>v·scale + shift</c> voxels (geometry unchanged)</description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Each row draws from a stream derived from the step's seed, the pass (epoch) and the row's id. Create it with
/// <c>ml.Transforms.RandomIntensity(…)</c>.</para>
/// </remarks>
public sealed class RandomIntensityTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deRandomIntensity";
    private readonly RandomStream _stream;

    internal RandomIntensityTransformer(IHostEnvironment environment, RandomIntensityOptions options, ulong seed)
        : base(environment, nameof(RandomIntensityTransformer))
    {
        Options = options;
        Seed = seed;
        _stream = new RandomStream(seed);
        Mapping = new ScanRowMapping(
            "RandomIntensity",
            new ScanInputColumns(ScanColumnNames.Volume, null),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            ScaleShift,
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public RandomIntensityOptions Options { get; }

    /// <summary>The seed of the step's random stream (drawn from the <c>MLContext</c> seed when the pipeline was built).</summary>
    public ulong Seed { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DERINT", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options, Seed);

    private static RandomIntensityTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(RandomIntensityTransformer), () => CreateCore(env, ctx));

    private static RandomIntensityTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        RandomIntensityOptions options = StepPersistence.Load<RandomIntensityOptions>(env, ctx, GetVersionInfo(), "RandomIntensity", o => o.Validate());
        return new RandomIntensityTransformer(env, options, ctx.Reader.ReadUInt64());
    }

    private ScanRow ScaleShift(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("RandomIntensity");
        RandomStream random = context.CreateRandom(_stream);
        double scale = Options.ScaleMin + ((Options.ScaleMax - Options.ScaleMin) * random.NextDouble());
        double shift = Options.ShiftMin + ((Options.ShiftMax - Options.ShiftMin) * random.NextDouble());
        return row with { Volume = Augmentations.ScaleShift(volume, (float)scale, (float)shift) };
    }
}
