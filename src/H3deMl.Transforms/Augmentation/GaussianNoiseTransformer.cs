using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Common;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(GaussianNoiseTransformer), null, typeof(SignatureLoadModel), "H3deMl Gaussian noise", GaussianNoiseTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Augmentation;

/// <summary>Adds seeded Gaussian noise to every voxel: a training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c> with noisy voxels (geometry unchanged)</description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Each row draws from a stream derived from the step's seed, the pass (epoch) and the row's id. Create it with
/// <c>ml.Transforms.GaussianNoise(…)</c>.</para>
/// </remarks>
public sealed class GaussianNoiseTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deGaussianNoise";
    private readonly RandomStream _stream;

    internal GaussianNoiseTransformer(IHostEnvironment environment, GaussianNoiseOptions options, ulong seed)
        : base(environment, nameof(GaussianNoiseTransformer))
    {
        Options = options;
        Seed = seed;
        _stream = new RandomStream(seed);
        Mapping = new ScanRowMapping(
            "GaussianNoise",
            new ScanInputColumns(ScanColumnNames.Volume, null),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            AddNoise,
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public GaussianNoiseOptions Options { get; }

    /// <summary>The seed of the step's random stream (drawn from the <c>MLContext</c> seed when the pipeline was built).</summary>
    public ulong Seed { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DEGNOI", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options, Seed);

    private static GaussianNoiseTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(GaussianNoiseTransformer), () => CreateCore(env, ctx));

    private static GaussianNoiseTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        GaussianNoiseOptions options = StepPersistence.Load<GaussianNoiseOptions>(env, ctx, GetVersionInfo(), "GaussianNoise", o => o.Validate());
        return new GaussianNoiseTransformer(env, options, ctx.Reader.ReadUInt64());
    }

    private ScanRow AddNoise(ScanRow row, ScanRowContext context)
    {
        Core.Volumes.Volume volume = row.RequireVolume("GaussianNoise");
        RandomStream random = context.CreateRandom(_stream);
        return random.NextDouble() < Options.Probability
            ? row with { Volume = Augmentations.AddGaussianNoise(volume, Options.StandardDeviation, random) }
            : row;
    }
}
