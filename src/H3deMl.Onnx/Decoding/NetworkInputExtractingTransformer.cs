using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Decoding;
using H3deMl.Transforms.Common;
using H3deMl.Transforms.Conversion;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(NetworkInputExtractingTransformer), null, typeof(SignatureLoadModel), "H3deMl network input extraction", NetworkInputExtractingTransformer.LoaderSignature)]

namespace H3deMl.Onnx.Decoding;

/// <summary>Writes a volume as the float vector an exported H3DE-Net takes: its (1, 1, I, J, K) input flattened
/// row-major, k fastest (the layout of <see cref="VolumeTensor.ToNetworkInput"/>).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c>, scalar, of exactly <see cref="NetworkInputOptions.Size"/></description></item>
/// <item><term>Output columns</term><description><c>image</c>: a known-size vector of I·J·K floats</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.ExtractNetworkInput(…)</c>; feed the column to ML.NET's <c>ApplyOnnxModel</c>.</para>
/// </remarks>
public sealed class NetworkInputExtractingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deNetInputExtract";
    private const string StepName = "ExtractNetworkInput";

    internal NetworkInputExtractingTransformer(IHostEnvironment environment, NetworkInputOptions options)
        : base(environment, nameof(NetworkInputExtractingTransformer))
    {
        Options = options;
        int length = options.Size[0] * options.Size[1] * options.Size[2];
        Mapping = new ScanRowMapping(
            StepName,
            new ScanInputColumns(options.VolumeColumnName, null),
            _ => [ScanOutputColumn.Floats(options.OutputColumnName, length, null, row => row.GetFeature<float[]>(options.OutputColumnName))],
            _ => [ScanSchemaShape.VectorColumn(options.OutputColumnName, NumberDataViewType.Single, withSlotNames: false)],
            (row, _) => Extract(row));
    }

    /// <summary>The options.</summary>
    public NetworkInputOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => OnnxStepVersion.Of("H3DENINP", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static NetworkInputExtractingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(NetworkInputExtractingTransformer), () => CreateCore(env, ctx));

    private static NetworkInputExtractingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<NetworkInputOptions>(env, ctx, GetVersionInfo(), StepName, o => o.Validate()));

    private ScanRow Extract(ScanRow row)
    {
        Volume volume = row.RequireVolume(StepName);
        WindowCheck.Require(volume, Options.Size, StepName);
        var values = new float[volume.Voxels.Length];
        VolumeTensor.CopyToNetworkLayout(volume.Voxels, volume.Size, values);
        return row.WithFeature(Options.OutputColumnName, values);
    }
}
