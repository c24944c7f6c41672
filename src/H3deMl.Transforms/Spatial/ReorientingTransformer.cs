using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Spatial;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(ReorientingTransformer), null, typeof(SignatureLoadModel), "H3deMl reorienting", ReorientingTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Spatial;

/// <summary>Permutes and mirrors voxel axes to a canonical orientation (no interpolation), keeping world coordinates.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c></description></item>
/// <item><term>Output columns</term><description><c>Volume</c> in the canonical orientation (landmarks stay valid: world coordinates are unchanged)</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.Reorient(…)</c>.</para>
/// </remarks>
public sealed class ReorientingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deReorienting";

    internal ReorientingTransformer(IHostEnvironment environment, ReorientingOptions options)
        : base(environment, nameof(ReorientingTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "Reorient",
            new ScanInputColumns(ScanColumnNames.Volume, null),
            StepColumns.VolumeOnly,
            StepColumns.VolumeOnlyShape,
            (row, _) => row.WithVolume(Reorientation.ToCanonical(row.RequireVolume("Reorient"), Options.Orientation), "Reorient"));
    }

    /// <summary>The options.</summary>
    public ReorientingOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DEREOR", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static ReorientingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(ReorientingTransformer), () => CreateCore(env, ctx));

    private static ReorientingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<ReorientingOptions>(env, ctx, GetVersionInfo(), "Reorient", o => o.Validate()));
}
