using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Targets;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(HeatmapTargetTransformer), null, typeof(SignatureLoadModel), "H3deMl heatmap targets", HeatmapTargetTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Targets;

/// <summary>Encodes each row's landmarks as heatmap targets on its current grid (see <see cref="HeatmapTargetEncoding"/>):
/// a training-only step.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c> (usually a crop) and <c>Landmarks</c>, both required</description></item>
/// <item><term>Output columns</term><description><c>HeatmapTargets</c>: a <see cref="Tensor"/> (N, A0, A1, A2), also the
/// row feature <see cref="TargetFeatureKeys.Heatmap"/></description></item>
/// <item><term>Runs at scoring</term><description>No: the identity in a prediction engine; append it with <c>TransformerScope.Training</c></description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.EncodeHeatmapTargets(…)</c>.</para>
/// </remarks>
public sealed class HeatmapTargetTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deHeatmapTargets";

    internal HeatmapTargetTransformer(IHostEnvironment environment, HeatmapTargetOptions options)
        : base(environment, nameof(HeatmapTargetTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "EncodeHeatmapTargets",
            TargetColumns.Inputs,
            _ => [TargetColumns.Output<Tensor>(ScanColumnNames.HeatmapTargets)],
            _ => [TargetColumns.Shape<Tensor>(ScanColumnNames.HeatmapTargets)],
            Encode,
            TrainingOnly: true);
    }

    /// <summary>The options.</summary>
    public HeatmapTargetOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DEHMTG", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static HeatmapTargetTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(HeatmapTargetTransformer), () => CreateCore(env, ctx));

    private static HeatmapTargetTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<HeatmapTargetOptions>(env, ctx, GetVersionInfo(), "EncodeHeatmapTargets", o => o.Validate()));

    private ScanRow Encode(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume("EncodeHeatmapTargets");
        (Vector3d[] indices, bool[] present) = LandmarkIndices.All(row, volume.Geometry);
        return row.WithFeature(TargetFeatureKeys.Heatmap, HeatmapTargetEncoding.Encode(volume.Size, volume.Geometry.SpacingMm, indices, present, Options));
    }
}
