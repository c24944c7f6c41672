using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Cropping;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(CenterCropTransformer), null, typeof(SignatureLoadModel), "H3deMl center crop", CenterCropTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Cropping;

/// <summary>The deterministic zoom-and-crop for validation, testing and single-crop inference (H3DE-NET.md §5.4; see <see cref="ZoomCrop"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c>; <c>Landmarks</c> when present (present landmarks position the crop;
/// without any, the whole volume is centred and shrunk to fit)</description></item>
/// <item><term>Output columns</term><description><c>Volume</c>, cropped (geometry exact, so landmarks stay valid)</description></item>
/// <item><term>Runs at scoring</term><description>Yes, unless appended with a narrower <c>TransformerScope</c> (at scoring
/// there are usually no landmarks: the whole volume, shrunk to fit the crop)</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.CenterCrop(…)</c>.</para>
/// </remarks>
public sealed class CenterCropTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deCenterCrop";

    internal CenterCropTransformer(IHostEnvironment environment, CenterCropOptions options)
        : base(environment, nameof(CenterCropTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "CenterCrop",
            new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            Crop);
    }

    /// <summary>The options.</summary>
    public CenterCropOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DECCRP", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static CenterCropTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(CenterCropTransformer), () => CreateCore(env, ctx));

    private static CenterCropTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<CenterCropOptions>(env, ctx, GetVersionInfo(), "CenterCrop", o => o.Validate()));

    private ScanRow Crop(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("CenterCrop");
        ZoomCropPlan plan = ZoomCrop.PlanCenter(volume.Geometry, LandmarkIndices.Present(row.Landmarks, volume.Geometry), Options);
        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(ZoomCrop.Apply(volume, plan, padding, context.CancellationToken), "CenterCrop");
    }
}
