using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Decoding;
using H3deMl.Transforms.Common;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Prediction;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(LandmarkDecodingTransformer), null, typeof(SignatureLoadModel), "H3deMl landmark decoding", LandmarkDecodingTransformer.LoaderSignature)]

namespace H3deMl.Onnx.Decoding;

/// <summary>Decodes H3DE-Net outputs that another runtime computed (ML.NET's <c>ApplyOnnxModel</c>) into landmarks, with the
/// decoders of <c>H3deNetModel</c>, and maps them to world LPS millimetres through the volume's geometry.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description>The heatmap and/or anchor output (float vectors), and <c>Volume</c>: the
/// window the network ran on, of exactly <see cref="LandmarkDecodingOptions.WindowSize"/></description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c>, <c>PresenceProbabilities</c>,
/// <c>PresenceDecisions</c>, exactly as <c>H3deNetModel</c> writes them</description></item>
/// <item><term>Runs at scoring</term><description>Yes</description></item>
/// </list>
/// <para>Create it with <c>ml.Transforms.DecodeLandmarks(…)</c>.</para>
/// </remarks>
public sealed class LandmarkDecodingTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deLandmarkDecoding";
    private const string StepName = "DecodeLandmarks";
    private readonly NetworkOutputDecoder _decoder;

    internal LandmarkDecodingTransformer(IHostEnvironment environment, LandmarkDecodingOptions options)
        : base(environment, nameof(LandmarkDecodingTransformer))
    {
        Options = options;
        int[] w = [.. options.WindowSize];
        _decoder = new NetworkOutputDecoder((w[0], w[1], w[2]), options.LandmarkNames.Count, options.HeatmapDecodeMinimumVoxels, options.AnchorRadiiCells);
        string[] vectors = [.. new[] { options.HeatmapColumnName, options.AnchorsColumnName }.OfType<string>()];
        Mapping = new ScanRowMapping(
            StepName,
            new ScanInputColumns(options.VolumeColumnName, null, FloatVectors: vectors),
            _ => H3deNetModel.Outputs(options.LandmarkNames),
            _ => H3deNetModel.OutputShapes(),
            (row, _) => Decode(row));
    }

    /// <summary>The options.</summary>
    public LandmarkDecodingOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    private protected override VersionInfo VersionInfo => GetVersionInfo();

    private static VersionInfo GetVersionInfo() => OnnxStepVersion.Of("H3DELMDC", LoaderSignature);

    private protected override void SaveModel(ModelSaveContext ctx) => StepPersistence.Save(ctx, Options);

    private static LandmarkDecodingTransformer Create(IHostEnvironment env, ModelLoadContext ctx) =>
        ModelLoading.Guard(env, nameof(LandmarkDecodingTransformer), () => CreateCore(env, ctx));

    private static LandmarkDecodingTransformer CreateCore(IHostEnvironment env, ModelLoadContext ctx) =>
        new(env, StepPersistence.Load<LandmarkDecodingOptions>(env, ctx, GetVersionInfo(), StepName, o => o.Validate()));

    private ScanRow Decode(ScanRow row)
    {
        Volume volume = row.RequireVolume(StepName);
        WindowCheck.Require(volume, Options.WindowSize, StepName);
        float[]? heatmap = Options.HeatmapColumnName is { } h ? row.GetFeature<float[]>(h) : null;
        float[]? anchors = Options.AnchorsColumnName is { } a ? row.GetFeature<float[]>(a) : null;
        DecodedLandmark[] decoded = _decoder.Decode(heatmap, anchors);
        return row.WithFeature(H3deNetModel.PredictionKey, ScanPrediction.From(decoded, volume.Geometry, Options.PresenceThreshold));
    }
}
