using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Intensity;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(IntensityNormalizingTransformer), null, typeof(SignatureLoadModel), "H3deMl intensity normalization", IntensityNormalizingTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Intensity;

/// <summary>Normalises voxel intensities: window and scale, z-score, or percentile clipping; geometry and landmarks unchanged.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No (statistics are per scan)</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c>, normalised</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.NormalizeIntensity(…)</c>.</para>
/// </remarks>
public sealed class IntensityNormalizingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deIntensityNormalizing";

    internal IntensityNormalizingTransformer(IHostEnvironment environment, IntensityNormalizingOptions options)
        : base(environment, nameof(IntensityNormalizingTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "NormalizeIntensity",
            new ScanInputColumns(ScanColumnNames.Volume, null),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            (row, _) => row with { Volume = IntensityNormalization.Normalize(row.RequireVolume("NormalizeIntensity"), Options) });
    }

    /// <summary>The options.</summary>
    public IntensityNormalizingOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DEINTN", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static IntensityNormalizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(IntensityNormalizingTransformer), () => CreateCore(env, ctx));

    private static IntensityNormalizingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<IntensityNormalizingOptions>(env, ctx, GetVersionInfo(), "NormalizeIntensity", o => o.Validate()));
}
