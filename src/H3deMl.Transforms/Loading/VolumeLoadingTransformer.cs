using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Loading;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(VolumeLoadingTransformer), null, typeof(SignatureLoadModel), "H3deMl volume loading", VolumeLoadingTransformer.LoaderSignature)]

namespace H3deMl.Transforms.Loading;

/// <summary>Reads each scan's volume (voxels and geometry) from <c>ScanPath</c> when its row is read, optionally
/// through an on-disk cache; a row that already holds a volume keeps it.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>ScanPath</c> (text) and/or <c>Volume</c>; <c>Landmarks</c> when present</description></item>
/// <item><term>Output columns</term><description><c>Volume</c>; <c>Landmarks</c> with points outside the field of view
/// marked missing (NaN), when the input has landmarks</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.LoadVolume(…)</c>. The cache directory is not saved with the model: a model
/// file never chooses where the library writes.</para>
/// </remarks>
public sealed class VolumeLoadingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deVolumeLoading";

    internal VolumeLoadingTransformer(IHostEnvironment environment, VolumeLoadingOptions options)
        : base(environment, nameof(VolumeLoadingTransformer))
    {
        Options = options;
        Mapping = new ScanRowMapping(
            "LoadVolume",
            new ScanInputColumns(ScanColumnNames.Volume, ScanColumnNames.Landmarks, ScanColumnNames.ScanPath, RequireVolume: false),
            StepColumns.VolumeAndLandmarks,
            StepColumns.VolumeAndLandmarksShape,
            (row, context) => VolumeLoading.Load(row, Options, context.CancellationToken));
    }

    /// <summary>The options.</summary>
    public VolumeLoadingOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => StepPersistence.VersionInfo("H3DELOAD", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) =>
        StepPersistence.Save(ctx, Options with { CacheDirectory = null });

    private static VolumeLoadingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(VolumeLoadingTransformer), () => CreateCore(env, ctx));

    private static VolumeLoadingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<VolumeLoadingOptions>(env, ctx, GetVersionInfo(), "LoadVolume", o => o.Validate()) with { CacheDirectory = null });
}
