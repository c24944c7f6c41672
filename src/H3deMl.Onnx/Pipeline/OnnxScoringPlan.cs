using H3deMl.Onnx.Decoding;
using H3deMl.Onnx.Scoring;
using H3deMl.Tensors;

namespace H3deMl.Onnx.Pipeline;

/// <summary>How <see cref="OnnxScoringTransformer"/> runs a graph: its input, the head decoded, the landmark names and the
/// decoding parameters, each from the options, else the model metadata, else the graph, else a default.</summary>
internal sealed record OnnxScoringPlan(
    string InputName,
    int[]? FixedSpatial,
    OnnxLandmarkHead Head,
    IReadOnlyList<string> LandmarkNames,
    (int A0, int A1, int A2) Window,
    int HeatmapDecodeMinimumVoxels,
    IReadOnlyList<double> AnchorRadiiCells,
    double PresenceThreshold)
{
    /// <exception cref="ArgumentException">The graph does not fit the options (the message names input, outputs or values).</exception>
    public static OnnxScoringPlan Resolve(OnnxScoringOptions options, OnnxNetwork network)
    {
        string inputName = options.InputName ?? (network.Inputs.Count == 1 ? network.Inputs[0].Name
            : throw new ArgumentException($"The graph has {network.Inputs.Count} inputs ({string.Join(", ", network.Inputs.Select(i => i.Name))}); set InputName."));
        OnnxTensorInfo input = network.Inputs.FirstOrDefault(i => i.Name == inputName)
            ?? throw new ArgumentException($"The graph has no input '{inputName}' (inputs: {string.Join(", ", network.Inputs.Select(i => i.Name))}).");
        if (input.Kind != OnnxElementKind.Float32)
        {
            throw new ArgumentException($"Graph input '{inputName}' holds {input.Kind}; a volume needs a float input.");
        }

        int[]? fixedSpatial = null;
        if (input.Dimensions is { } dims)
        {
            if (dims.Count != 5)
            {
                throw new ArgumentException($"Graph input '{inputName}' has rank {dims.Count}; a volume enters as (N, 1, I, J, K).");
            }

            if (dims.Skip(2).All(d => d is not null))
            {
                fixedSpatial = [.. dims.Skip(2).Select(d => (int)d!.Value)];
            }
        }

        OnnxLandmarkMetadata metadata = OnnxLandmarkMetadata.Read(network.Metadata);
        string[] outputs = [.. network.Outputs.Select(o => o.Name)];
        OnnxLandmarkHead head = ResolveHead(options, metadata, outputs);
        int[] w = options.WindowSize?.ToArray() ?? metadata.WindowSize ?? fixedSpatial ?? [128, 128, 64];
        if (w.Length != 3 || w.Any(v => v < 1))
        {
            throw new ArgumentException($"The window size [{string.Join(", ", w)}] must hold three positive sizes.");
        }

        if (fixedSpatial is { } f && (w[0] > f[0] || w[1] > f[1] || w[2] > f[2]))
        {
            throw new ArgumentException($"WindowSize [{string.Join(", ", w)}] is larger than the graph's fixed input size [{string.Join(", ", f)}].");
        }

        int minimumVoxels = options.HeatmapDecodeMinimumVoxels ?? metadata.HeatmapDecodeMinimumVoxels ?? 500;
        IReadOnlyList<double> radii = options.AnchorRadiiCells ?? metadata.AnchorRadiiCells ?? [0.5, 0.75, 1.0, 1.25];
        double threshold = options.PresenceThreshold ?? metadata.PresenceThreshold ?? 0.5;
        if (minimumVoxels < 1 || radii.Count == 0 || radii.Any(r => !(r > 0)) || threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw new ArgumentException("The decoding parameters (from the options or the model metadata) are out of range.");
        }

        var plan = new OnnxScoringPlan(inputName, fixedSpatial, head, [], (w[0], w[1], w[2]), minimumVoxels, radii, threshold);
        IReadOnlyList<string> names = options.LandmarkNames ?? metadata.LandmarkNames
            ?? [.. Enumerable.Range(1, plan.LandmarkCount(options, network)).Select(i => $"L{i}")];
        return plan with { LandmarkNames = names };
    }

    /// <summary>The number of landmarks the graph predicts: from its declared output shapes, else from one run on an empty window.</summary>
    private int LandmarkCount(OnnxScoringOptions options, OnnxNetwork network)
    {
        long? declared = Head is OnnxLandmarkHead.Anchors
            ? Dimension(network, options.AnchorsOutput, 5) - 3
            : Dimension(network, options.HeatmapOutput, 1);
        if (declared is > 0 and < 100_000)
        {
            return (int)declared.Value;
        }

        int[] size = FixedSpatial ?? [Window.A0, Window.A1, Window.A2];
        Tensor zeros = Tensor.Zeros(1, 1, size[0], size[1], size[2]);
        IReadOnlyDictionary<string, OnnxValue> outputs = network.Run(new Dictionary<string, OnnxValue> { [InputName] = OnnxValue.FromTensor(zeros) });
        string name = Head is OnnxLandmarkHead.Anchors ? options.AnchorsOutput : options.HeatmapOutput;
        OnnxValue value = outputs[name];
        return Head is OnnxLandmarkHead.Anchors ? value.Shape[5] - 3 : value.Shape[1];
    }

    private static long? Dimension(OnnxNetwork network, string output, int axis) =>
        network.Outputs.FirstOrDefault(o => o.Name == output)?.Dimensions is { } d && d.Count > axis ? d[axis] : null;

    private static OnnxLandmarkHead ResolveHead(OnnxScoringOptions options, OnnxLandmarkMetadata metadata, string[] outputs)
    {
        bool hasHeatmap = outputs.Contains(options.HeatmapOutput), hasAnchors = outputs.Contains(options.AnchorsOutput);
        OnnxLandmarkHead head = options.Head;
        if (head == OnnxLandmarkHead.Auto)
        {
            head = metadata.Head ?? (hasHeatmap, hasAnchors) switch
            {
                (true, true) => OnnxLandmarkHead.Both,
                (true, false) => OnnxLandmarkHead.Heatmap,
                (false, true) => OnnxLandmarkHead.Anchors,
                _ => throw new ArgumentException(
                    $"The graph has neither a '{options.HeatmapOutput}' nor an '{options.AnchorsOutput}' output (outputs: {string.Join(", ", outputs)}); set HeatmapOutput or AnchorsOutput."),
            };
        }

        if (head is OnnxLandmarkHead.Heatmap or OnnxLandmarkHead.Both && !hasHeatmap)
        {
            throw new ArgumentException($"Decoding the heatmap needs a graph output named '{options.HeatmapOutput}' (outputs: {string.Join(", ", outputs)}); set HeatmapOutput.");
        }

        if (head is OnnxLandmarkHead.Anchors or OnnxLandmarkHead.Both && !hasAnchors)
        {
            throw new ArgumentException($"Decoding the anchors needs a graph output named '{options.AnchorsOutput}' (outputs: {string.Join(", ", outputs)}); set AnchorsOutput.");
        }

        return head;
    }
}
