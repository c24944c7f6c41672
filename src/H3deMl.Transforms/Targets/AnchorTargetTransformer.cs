using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Targets;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(AnchorTargetTransformer), null, typeof(SignatureLoadModel), "H3deMl anchor targets", AnchorTargetTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Targets;

/// <summary>Encodes each row's landmarks as anchor-head targets on its current grid (see <see cref="AnchorTargets"/>):
/// a training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c> (usually a crop) and <c>Landmarks</c>, both required</description></item>
/// <item><term>Output columns</term><description><c>AnchorTargets</c>: an <see cref="AnchorTargets"/>, also the row
/// feature <see cref="TargetFeatureKeys.Anchors"/></description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.EncodeAnchorTargets(…)</c>.</para>
/// </remarks>
public sealed class AnchorTargetTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deAnchorTargets";

    internal AnchorTargetTransformer(IHostEnvironment environment, AnchorTargetOptions options)
        : base(environment, nameof(AnchorTargetTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "EncodeAnchorTargets",
            TargetColumns.Inputs,
            _ => [TargetColumns.Output<AnchorTargets>(ScanColumnNames.AnchorTargets)],
            _ => [TargetColumns.Shape<AnchorTargets>(ScanColumnNames.AnchorTargets)],
            Encode,
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public AnchorTargetOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DEANTG", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static AnchorTargetTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(AnchorTargetTransformer), () => CreateCore(env, ctx));

    private static AnchorTargetTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<AnchorTargetOptions>(env, ctx, GetVersionInfo(), "EncodeAnchorTargets", o => o.Validate()));

    private ScanRow Encode(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("EncodeAnchorTargets");
        (Vector3d[] indices, bool[] present) = LandmarkIndices.All(row, volume.Geometry);
        return row.WithFeature(TargetFeatureKeys.Anchors, AnchorTargetEncoding.Encode(volume.Size, indices, present, Options));
    }
}
