using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Spatial;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(ResamplingTransformer), null, typeof(SignatureLoadModel), "H3deMl resampling", ResamplingTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Spatial;

/// <summary>Resamples each volume (trilinear) to a spacing or size, keeping its physical extent and world coordinates.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c> on the new grid (landmarks stay valid: world coordinates are unchanged)</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.Resample(…)</c>.</para>
/// </remarks>
public sealed class ResamplingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deResampling";

    internal ResamplingTransformer(IHostEnvironment environment, ResamplingOptions options)
        : base(environment, nameof(ResamplingTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "Resample",
            new ScanInputColumns(ScanColumnNames.Volume, null),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            Resample);
    }

    /// <summary>The options.</summary>
    public ResamplingOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DERSMP", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static ResamplingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(ResamplingTransformer), () => CreateCore(env, ctx));

    private static ResamplingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<ResamplingOptions>(env, ctx, GetVersionInfo(), "Resample", o => o.Validate()));

    private ScanRow Resample(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("Resample");
        VolumeGeometry target = Options.UsesSpacing
            ? volume.Geometry.WithSpacing(new Vector3d(Options.SpacingMmI!.Value, Options.SpacingMmJ!.Value, Options.SpacingMmK!.Value))
            : volume.Geometry.Resample(new VolumeSize(Options.SizeI!.Value, Options.SizeJ!.Value, Options.SizeK!.Value));
        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(VolumeResampling.ResampleOnto(volume, target, padding, context.CancellationToken), "Resample");
    }
}
