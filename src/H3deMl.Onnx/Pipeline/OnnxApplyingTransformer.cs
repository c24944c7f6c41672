using System.Text.Json;
using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Onnx.Scoring;
using H3deMl.Tensors;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;
using H3deMl.Transforms.Conversion;

namespace H3deMl.Onnx;

/// <summary>
/// Runs an ONNX model on each row's volume with the H3deMl engine (no native runtime) and stores its outputs as row
/// features; for an H3DE-Net graph (for example the authors' PyTorch network exported with <c>torch.onnx.export</c>)
/// it also decodes the heatmap and/or anchor outputs into <see cref="ScanRow.Prediction"/>, mapped to world LPS
/// coordinates of the original scan like <c>H3deNetModel</c> does.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>No</description></item>
/// <item><term>Input</term><description>A row with a scalar volume, preprocessed as the model expects; it enters the graph as (1, 1, I, J, K).</description></item>
/// <item><term>Output</term><description>Features <c>onnx:NAME</c> per output, and <see cref="ScanRow.Prediction"/> when a head is decoded.</description></item>
/// <item><term>Runs at inference</term><description>Yes; safe to share between threads.</description></item>
/// </list>
/// A volume larger than the window is decoded with overlapping windows; a smaller one (or the last window of a graph
/// with a fixed input size) is padded with zeros at the far end and the outputs are cropped back, as H3DE-Net pads
/// internally. Saved as step type <c>H3deMl.Onnx.ApplyOnnxModel</c> (version 1) with the model bytes as a zip entry.
/// </remarks>
public sealed class OnnxApplyingTransformer : IScanTransformer
{
    /// <summary>The step type name in model files.</summary>
    public const string TypeName = "H3deMl.Onnx.ApplyOnnxModel";

    private readonly byte[] _modelBytes;
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly int[]? _fixedSpatial;
    private readonly NetworkInference? _inference;
    private readonly OnnxLandmarkHead _head;
    private readonly IReadOnlyList<string>? _landmarkNames;
    private readonly double _presenceThreshold = 0.5;

    internal OnnxApplyingTransformer(OnnxApplyOptions options, byte[] modelBytes, OnnxNetwork network)
    {
        Options = options;
        Network = network;
        _modelBytes = modelBytes;
        _inputName = options.InputName ?? (network.Inputs.Count == 1 ? network.Inputs[0].Name
            : throw new ArgumentException($"The graph has {network.Inputs.Count} inputs ({string.Join(", ", network.Inputs.Select(i => i.Name))}); set InputName."));
        var input = network.Inputs.FirstOrDefault(i => i.Name == _inputName)
            ?? throw new ArgumentException($"The graph has no input '{_inputName}' (inputs: {string.Join(", ", network.Inputs.Select(i => i.Name))}).");
        if (input.Kind != OnnxElementKind.Float32) throw new ArgumentException($"Graph input '{_inputName}' holds {input.Kind}; a volume needs a float input.");
        if (input.Dimensions is { } dims)
        {
            if (dims.Count != 5) throw new ArgumentException($"Graph input '{_inputName}' has rank {dims.Count}; a volume enters as (N, 1, I, J, K).");
            if (dims.Skip(2).All(d => d is not null)) _fixedSpatial = dims.Skip(2).Select(d => (int)d!.Value).ToArray();
        }
        var graphOutputs = network.Outputs.Select(o => o.Name).ToArray();
        _outputNames = options.OutputNames?.ToArray() ?? graphOutputs;
        foreach (var name in _outputNames)
            if (!graphOutputs.Contains(name)) throw new ArgumentException($"The graph has no output '{name}' (outputs: {string.Join(", ", graphOutputs)}).");
        _head = ResolveHead(options, network, graphOutputs);
        if (_head != OnnxLandmarkHead.None)
        {
            _landmarkNames = options.LandmarkNames ?? Metadata<string[]>(network, OnnxMetadataKeys.LandmarkNames);
            var w = options.WindowSize?.ToArray() ?? Metadata<int[]>(network, OnnxMetadataKeys.WindowSize) ?? _fixedSpatial ?? [128, 128, 64];
            if (w.Length != 3 || w.Any(v => v < 1)) throw new ArgumentException($"The window size [{string.Join(", ", w)}] must hold three positive sizes.");
            if (_fixedSpatial is { } f && (w[0] > f[0] || w[1] > f[1] || w[2] > f[2]))
                throw new ArgumentException($"WindowSize [{string.Join(", ", w)}] is larger than the graph's fixed input size [{string.Join(", ", f)}].");
            var minimumVoxels = options.HeatmapDecodeMinimumVoxels ?? Metadata<int?>(network, OnnxMetadataKeys.HeatmapDecodeMinimumVoxels) ?? 500;
            var radii = options.AnchorRadiiCells ?? Metadata<double[]>(network, OnnxMetadataKeys.AnchorRadiiCells) ?? [0.5, 0.75, 1.0, 1.25];
            _presenceThreshold = options.PresenceThreshold ?? Metadata<double?>(network, OnnxMetadataKeys.PresenceThreshold) ?? 0.5;
            if (minimumVoxels < 1 || radii.Count == 0 || radii.Any(r => !(r > 0)) || _presenceThreshold is < 0 or > 1 || double.IsNaN(_presenceThreshold))
                throw new ArgumentException("The decoding parameters (from the options or the model metadata) are out of range.");
            _inference = new NetworkInference(Forward, (w[0], w[1], w[2]), minimumVoxels, radii);
        }
    }

    /// <summary>The options.</summary>
    public OnnxApplyOptions Options { get; }

    /// <summary>The interpreted graph.</summary>
    public OnnxNetwork Network { get; }

    /// <summary>The head decoded into predictions (<see cref="OnnxLandmarkHead.None"/> when none is).</summary>
    public OnnxLandmarkHead DecodedHead => _head;

    /// <inheritdoc />
    public string StepTypeName => TypeName;

    /// <inheritdoc />
    public int StepVersion => 1;

    /// <inheritdoc />
    public ScanDataView Transform(ScanDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.AppendStep(this);
    }

    /// <inheritdoc />
    public ScanRow TransformRow(ScanRow row, ScanRowContext context)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(context);
        var volume = row.RequireVolume("ApplyOnnxModel");
        if (_inference is null)
        {
            var x = VolumeTensor.ToNetworkInput(volume);
            var outputs = Network.Run(new Dictionary<string, OnnxValue> { [_inputName] = OnnxValue.FromTensor(x.Reshape([1, .. x.Shape])) }, context.CancellationToken);
            return Options.StoreOutputs ? Store(row, outputs) : row;
        }
        t_lastOutputs = null;
        var decoded = _inference.Predict(volume, context.CancellationToken);
        var names = _landmarkNames ?? Enumerable.Range(1, decoded.Length).Select(i => $"L{i}").ToArray();
        if (names.Count != decoded.Length)
            throw new InvalidOperationException($"ApplyOnnxModel: the graph predicts {decoded.Length} landmarks but {names.Count} names are given.");
        var present = decoded.Select(d => d.PresenceProbability >= _presenceThreshold).ToArray();
        var landmarks = CoordinateMapping.CurrentIndicesToLandmarks(row, names, decoded.Select(d => d.IndexIjk).ToArray(), present);
        row = row with { Prediction = new LandmarkPrediction(landmarks, decoded.Select(d => d.PresenceProbability).ToArray()) };
        if (Options.StoreOutputs && t_lastOutputs is { } last && t_windows == 1) row = Store(row, last);
        t_lastOutputs = null;
        return row;
    }

    /// <summary>Decodes a whole-window output as <see cref="TransformRow"/> does (positions in the window's index space; for tests).</summary>
    internal (Core.Geometry.Vector3d IndexIjk, double PresenceProbability)[] DecodeOutput(H3deNetOutput output) =>
        [.. (_inference ?? throw new InvalidOperationException("This step decodes no head.")).DecodeOutput(output, 0).Select(d => (d.IndexIjk, d.PresenceProbability))];

    // The outputs of the last window run on this thread, kept for StoreOutputs when a row ran as a single window.
    [ThreadStatic] private static IReadOnlyDictionary<string, OnnxValue>? t_lastOutputs;
    [ThreadStatic] private static int t_windows;

    private ScanRow Store(ScanRow row, IReadOnlyDictionary<string, OnnxValue> outputs)
    {
        foreach (var name in _outputNames)
        {
            var v = outputs[name];
            row = row.WithFeature(Options.FeaturePrefix + name, v.IsFloat ? v.Tensor : v);
        }
        return row;
    }

    /// <summary>One window through the graph: padded at the far end to a fixed input size, outputs cropped back.</summary>
    private H3deNetOutput Forward(Tensor window)
    {
        int a0 = window.Size(2), a1 = window.Size(3), a2 = window.Size(4);
        var x = window;
        if (_fixedSpatial is { } f && (a0 != f[0] || a1 != f[1] || a2 != f[2]))
            x = Functional.Pad(window, [0, f[2] - a2, 0, f[1] - a1, 0, f[0] - a0]);
        var outputs = Network.Run(new Dictionary<string, OnnxValue> { [_inputName] = OnnxValue.FromTensor(x) });
        Tensor? heatmap = null, anchors = null;
        if (_head is OnnxLandmarkHead.Heatmap or OnnxLandmarkHead.Both)
            heatmap = Output(outputs, Options.HeatmapOutput, 5).Slice(2, 0, a0).Slice(3, 0, a1).Slice(4, 0, a2).Contiguous();
        if (_head is OnnxLandmarkHead.Anchors or OnnxLandmarkHead.Both)
        {
            var a = Output(outputs, Options.AnchorsOutput, 6);
            int g0 = (a0 + 3) / 4, g1 = (a1 + 3) / 4, g2 = (a2 + 3) / 4;
            anchors = a.Slice(1, 0, Math.Min(g0, a.Size(1))).Slice(2, 0, Math.Min(g1, a.Size(2))).Slice(3, 0, Math.Min(g2, a.Size(3))).Contiguous();
        }
        if (Options.StoreOutputs)
        {
            t_windows = t_lastOutputs is null ? 1 : t_windows + 1;
            t_lastOutputs = outputs.ToDictionary(p => p.Key, p => p.Value.IsFloat ? OnnxValue.FromTensor(Tensor.Wrap(p.Value.Tensor.ToArray(), p.Value.Shape.ToArray())) : p.Value);
        }
        return new H3deNetOutput(heatmap, anchors);
    }

    private static Tensor Output(IReadOnlyDictionary<string, OnnxValue> outputs, string name, int rank)
    {
        if (!outputs.TryGetValue(name, out var v) || !v.IsFloat || v.Rank != rank)
            throw new InvalidOperationException($"ApplyOnnxModel: the graph output '{name}' must be a rank-{rank} float tensor to decode landmarks.");
        return v.Tensor;
    }

    private static OnnxLandmarkHead ResolveHead(OnnxApplyOptions options, OnnxNetwork network, string[] outputs)
    {
        bool hasHeatmap = outputs.Contains(options.HeatmapOutput), hasAnchors = outputs.Contains(options.AnchorsOutput);
        var head = options.Decode;
        if (head == OnnxLandmarkHead.Auto)
        {
            head = network.Metadata.TryGetValue(OnnxMetadataKeys.Head, out var m)
                ? m.Trim().ToLowerInvariant() switch
                {
                    "heatmap" => OnnxLandmarkHead.Heatmap,
                    "anchors" => OnnxLandmarkHead.Anchors,
                    "both" => OnnxLandmarkHead.Both,
                    _ => throw new ArgumentException($"The model metadata {OnnxMetadataKeys.Head} = '{m}' is not heatmap, anchors or both."),
                }
                : (hasHeatmap, hasAnchors) switch
                {
                    (true, true) => OnnxLandmarkHead.Both,
                    (true, false) => OnnxLandmarkHead.Heatmap,
                    (false, true) => OnnxLandmarkHead.Anchors,
                    _ => OnnxLandmarkHead.None,
                };
        }
        if (head is OnnxLandmarkHead.Heatmap or OnnxLandmarkHead.Both && !hasHeatmap)
            throw new ArgumentException($"Decoding the heatmap needs a graph output named '{options.HeatmapOutput}' (outputs: {string.Join(", ", outputs)}); set HeatmapOutput.");
        if (head is OnnxLandmarkHead.Anchors or OnnxLandmarkHead.Both && !hasAnchors)
            throw new ArgumentException($"Decoding the anchors needs a graph output named '{options.AnchorsOutput}' (outputs: {string.Join(", ", outputs)}); set AnchorsOutput.");
        return head;
    }

    /// <summary>A metadata value parsed as JSON (numbers, arrays), or default when the key is absent.</summary>
    private static T? Metadata<T>(OnnxNetwork network, string key)
    {
        if (!network.Metadata.TryGetValue(key, out var json)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The model metadata {key} = '{json}' cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>The zip entry that holds the model bytes of the step at <paramref name="stepIndex"/>.</summary>
    internal static string EntryName(int stepIndex) => $"onnx/step{stepIndex}.onnx";

    /// <inheritdoc />
    public void Save(ScanStepSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Network.UsesExternalData)
            throw new NotSupportedException("ApplyOnnxModel cannot save a model whose weights live in external data files; convert it to a single .onnx file first.");
        context.WriteOptions(Options);
        using var stream = context.CreateEntry(EntryName(context.StepIndex));
        stream.Write(_modelBytes);
    }

    internal static OnnxApplyingTransformer Load(ScanStepLoadContext context)
    {
        if (context.Version != 1) context.ThrowUnsupportedVersion("1");
        var options = context.ReadOptions<OnnxApplyOptions>();
        options.Validate();
        using var stream = context.OpenEntry(EntryName(context.StepIndex));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return new OnnxApplyingTransformer(options, bytes, OnnxNetwork.Load(new MemoryStream(bytes, writable: false)));
    }
}
