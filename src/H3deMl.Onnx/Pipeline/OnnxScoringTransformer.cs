using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using H3deMl.Onnx.Pipeline;
using H3deMl.Onnx.Scoring;
using H3deMl.Tensors;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;
using Microsoft.ML;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(OnnxScoringTransformer), null, typeof(SignatureLoadModel), "H3deMl managed ONNX landmark scoring", OnnxScoringTransformer.LoaderSignature)]

namespace H3deMl.Onnx.Pipeline;

/// <summary>
/// Runs an ONNX H3DE-Net (exported by <c>ml.Model.ExportToOnnx</c>, or the authors' PyTorch network exported with
/// <c>torch.onnx.export</c>) on each scan with H3deMl's managed interpreter (no native runtime), and decodes its
/// heatmap and/or anchor outputs into landmarks as <c>H3deNetModel</c> does.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input columns</term><description><c>Volume</c>, scalar, preprocessed as the model expects; any size</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c>, <c>PresenceProbabilities</c>, <c>PresenceDecisions</c></description></item>
/// <item><term>Runs at scoring</term><description>Yes; safe to share between threads</description></item>
/// </list>
/// <para>A volume larger than the window is covered by half-overlapping windows; a smaller one (or any window of a graph
/// with a larger fixed input size) is padded with zeros at the far end and the outputs cropped back. Saved into ML.NET
/// model zips with the ONNX bytes as one entry, checked by length and SHA-256 on load. Create it with
/// <c>ml.Transforms.ScoreOnnxLandmarks(…)</c>.</para>
/// </remarks>
public sealed partial class OnnxScoringTransformer : ScanTransformerBase
{
    internal const string LoaderSignature = "H3deOnnxLandmarkScoring";
    private const string StepName = "ScoreOnnxLandmarks";
    private readonly byte[] _modelBytes;
    private readonly OnnxScoringPlan _plan;
    private readonly NetworkInference _inference;

    internal OnnxScoringTransformer(IHostEnvironment environment, OnnxScoringOptions options, byte[] modelBytes, OnnxNetwork network)
        : base(environment, nameof(OnnxScoringTransformer))
    {
        Options = options;
        Network = network;
        _modelBytes = modelBytes;
        _plan = OnnxScoringPlan.Resolve(options, network);
        _inference = new NetworkInference(Forward, _plan.Window, _plan.HeatmapDecodeMinimumVoxels, _plan.AnchorRadiiCells);
        Mapping = new ScanRowMapping(
            StepName,
            new ScanInputColumns(options.VolumeColumnName, null),
            _ => H3deNetModel.Outputs(_plan.LandmarkNames),
            _ => H3deNetModel.OutputShapes(),
            Predict);
    }

    /// <summary>The options.</summary>
    public OnnxScoringOptions Options { get; }

    /// <summary>The interpreted graph.</summary>
    public OnnxNetwork Network { get; }

    /// <summary>The head decoded into landmarks.</summary>
    public OnnxLandmarkHead DecodedHead => _plan.Head;

    /// <summary>The landmark names, in output order.</summary>
    public IReadOnlyList<string> LandmarkNames => _plan.LandmarkNames;

    internal override ScanRowMapping Mapping { get; }

    /// <summary>Decodes a whole-window output as scoring does (positions in the window's index space; for tests).</summary>
    internal (Core.Geometry.Vector3d IndexIjk, double PresenceProbability)[] DecodeOutput(H3deNetOutput output) =>
        [.. _inference.DecodeOutput(output, 0).Select(d => (d.IndexIjk, d.PresenceProbability))];

    private ScanRow Predict(ScanRow row, ScanRowContext context)
    {
        Volume volume = row.RequireVolume(StepName);
        DecodedLandmark[] decoded = _inference.Predict(volume, context.CancellationToken);
        if (decoded.Length != _plan.LandmarkNames.Count)
        {
            throw new InvalidOperationException($"The graph predicts {decoded.Length} landmarks but {_plan.LandmarkNames.Count} names are given.");
        }

        return row.WithFeature(H3deNetModel.PredictionKey, ScanPrediction.From(decoded, volume.Geometry, _plan.PresenceThreshold));
    }

    /// <summary>One window through the graph: padded at the far end to a fixed input size, outputs cropped back.</summary>
    private H3deNetOutput Forward(Tensor window)
    {
        int a0 = window.Size(2), a1 = window.Size(3), a2 = window.Size(4);
        Tensor x = window;
        if (_plan.FixedSpatial is { } f && (a0 != f[0] || a1 != f[1] || a2 != f[2]))
        {
            x = Functional.Pad(window, [0, f[2] - a2, 0, f[1] - a1, 0, f[0] - a0]);
        }

        IReadOnlyDictionary<string, OnnxValue> outputs = Network.Run(new Dictionary<string, OnnxValue> { [_plan.InputName] = OnnxValue.FromTensor(x) });
        Tensor? heatmap = null, anchors = null;
        if (_plan.Head is OnnxLandmarkHead.Heatmap or OnnxLandmarkHead.Both)
        {
            heatmap = Output(outputs, Options.HeatmapOutput, 5).Slice(2, 0, a0).Slice(3, 0, a1).Slice(4, 0, a2).Contiguous();
        }

        if (_plan.Head is OnnxLandmarkHead.Anchors or OnnxLandmarkHead.Both)
        {
            Tensor a = Output(outputs, Options.AnchorsOutput, 6);
            int g0 = (a0 + 3) / 4, g1 = (a1 + 3) / 4, g2 = (a2 + 3) / 4;
            anchors = a.Slice(1, 0, Math.Min(g0, a.Size(1))).Slice(2, 0, Math.Min(g1, a.Size(2))).Slice(3, 0, Math.Min(g2, a.Size(3))).Contiguous();
        }

        return new H3deNetOutput(heatmap, anchors);
    }

    private static Tensor Output(IReadOnlyDictionary<string, OnnxValue> outputs, string name, int rank)
    {
        if (!outputs.TryGetValue(name, out OnnxValue? v) || !v.IsFloat || v.Rank != rank)
        {
            throw new InvalidOperationException($"The graph output '{name}' must be a rank-{rank} float tensor to decode landmarks.");
        }

        return v.Tensor;
    }
}
