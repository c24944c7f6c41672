using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Pose;
using H3deMl.Transforms.Spatial;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(PoseNormalizingTransformer), null, typeof(SignatureLoadModel), "H3deMl pose normalization", PoseNormalizingTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Pose;

/// <summary>Resamples each scan into the reference pose learned at Fit: its bone surface is registered to the reference
/// bone (similarity, from any starting pose), and the scan is resampled onto a grid aligned with the reference's
/// principal axes, so every scan's anatomy lies the same way (and, with scaling, at the same size) in its voxel grid.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>Yes: the reference bone surface and grid, from the first training scan</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c>, resampled; its geometry stays in the scan's own world
/// coordinates (the rotation and scale live in its direction and spacing), so landmarks and predictions remain world
/// LPS millimetres of the original scan</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.NormalizePose(…)</c>.</para>
/// </remarks>
public sealed class PoseNormalizingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3dePoseNormalizing";
    private readonly PoseFrame _frame;
    private readonly PointCloudIndex _template;
    private readonly RegistrationMemo _memo = new();

    internal PoseNormalizingTransformer(IHostEnvironment environment, PoseNormalizingOptions options, PoseFrame frame)
        : base(environment, nameof(PoseNormalizingTransformer))
    {
        Options = options;
        _frame = frame;
        _template = new PointCloudIndex(frame.Template);
        Mapping = ShapeMapping(options, Normalize);
    }

    /// <summary>The options.</summary>
    public PoseNormalizingOptions Options { get; }

    /// <summary>The size of the normalised grid, in voxels.</summary>
    public VolumeSize GridSize => _frame.GridSize;

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    internal static ScanRowMapping ShapeMapping(PoseNormalizingOptions options, Func<ScanRow, ScanRowContext, ScanRow> map) => new(
        "NormalizePose",
        new ScanInputColumns(ScanColumnNames.Volume, null, ScanColumnNames.ScanPath),
        _ => [ScanOutputColumn.Volume(ScanColumnNames.Volume)],
        _ => [ScanSchemaShape.VolumeColumn(ScanColumnNames.Volume)],
        map);

    /// <summary>The similarity transform that maps the scan's bone onto the reference bone.</summary>
    internal SimilarityTransform Register(Volume volume, CancellationToken cancellationToken) =>
        PoseRegistration.Register(volume, _template, Options, cancellationToken);

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DEPOSE", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        StepPersistence.Save(ctx, Options);
        PoseFrameCodec.Write(ctx.Writer, _frame);
    }

    private static PoseNormalizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(PoseNormalizingTransformer), () => CreateCore(env, ctx));

    private static PoseNormalizingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx)
    {
        PoseNormalizingOptions options = StepPersistence.Load<PoseNormalizingOptions>(env, ctx, GetVersionInfo(), "NormalizePose", o => o.Validate());
        return new PoseNormalizingTransformer(env, options, PoseFrameCodec.Read(env, ctx.Reader));
    }

    private ScanRow Normalize(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("NormalizePose");
        SimilarityTransform toReference = _memo.GetOrAdd(row, volume, () => Register(volume, context.CancellationToken));
        float padding = Padding.Resolve(volume, Options.Padding, Options.PaddingValue);
        return row.WithVolume(VolumeResampling.ResampleOnto(volume, _frame.GridFor(toReference), padding, context.CancellationToken), "NormalizePose");
    }
}
