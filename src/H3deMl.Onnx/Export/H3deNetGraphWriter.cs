using H3deMl.Onnx.Protobuf;
using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Trainers.Network;

namespace H3deMl.Onnx.Export;

/// <summary>
/// Writes the forward pass of an <see cref="H3deNet"/> as an ONNX graph, step for step as <c>H3deNet.Forward</c>,
/// <c>TransformerBlock</c>, <c>BiLevelRoutingAttention</c> and <c>DecoderBlock</c> compute it. Every layer's
/// hyper-parameters (kernels, strides, paddings, groups, epsilons, slopes) and weights are read from the module
/// found under its reference path, and the export fails if any parameter of the network is left unused, so a
/// module added to the network cannot be silently dropped.
/// </summary>
internal sealed class H3deNetGraphWriter
{
    /// <summary>The graph input: (N, channels, A0, A1, A2).</summary>
    public const string InputName = "image";

    /// <summary>The heatmap output: (N, landmarks, A0, A1, A2).</summary>
    public const string HeatmapName = "heatmap";

    /// <summary>The anchor output: (N, G0, G1, G2, anchors, 3 + landmarks).</summary>
    public const string AnchorsName = "anchors";

    /// <summary>The symbolic batch dimension.</summary>
    public const string BatchDimension = "N";

    private readonly H3deNetArchitecture _a;
    private readonly Dictionary<string, Module> _modules;
    private readonly HashSet<string> _unusedParameters;
    private readonly OnnxOps _ops;

    private H3deNetGraphWriter(H3deNet network, int opset)
    {
        _a = network.Architecture;
        _modules = network.NamedModules().ToDictionary(m => m.Name, m => m.Module, StringComparer.Ordinal);
        _unusedParameters = network.NamedParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        _ops = new OnnxOps(new OnnxGraphBuilder(opset));
    }

    /// <summary>Builds the graph for inputs of spatial size <paramref name="size"/> and a dynamic batch.</summary>
    /// <exception cref="InvalidOperationException">A network parameter is not part of the exported graph.</exception>
    public static GraphProto Write(H3deNet network, (int A0, int A1, int A2) size, int opset, CancellationToken cancellationToken)
    {
        var writer = new H3deNetGraphWriter(network, opset);
        var graph = writer.Forward(size, cancellationToken);
        if (writer._unusedParameters.Count > 0)
            throw new InvalidOperationException(
                $"The ONNX export does not cover the network parameters {string.Join(", ", writer._unusedParameters.Order().Take(5))}; the exporter needs updating for this network.");
        return graph;
    }

    private OnnxGraphBuilder G => _ops.Graph;

    private void Used(string name)
    {
        if (!_unusedParameters.Remove(name))
            throw new InvalidOperationException($"The network has no parameter '{name}' (or it is exported twice).");
    }

    private T Module<T>(string path) where T : Module =>
        _modules.TryGetValue(path, out var m) && m is T typed
            ? typed
            : throw new InvalidOperationException($"The network has no {typeof(T).Name} at '{path}'; the exporter needs updating for this network.");

    private GraphProto Forward((int A0, int A1, int A2) size, CancellationToken cancellationToken)
    {
        var (s0, s1, s2) = size;
        var input = G.Reserve(InputName);
        var heatmapName = _a.Head != H3deHead.Anchors ? G.Reserve(HeatmapName) : null;
        var anchorsName = _a.Head != H3deHead.Heatmap ? G.Reserve(AnchorsName) : null;
        G.Graph.Name = "h3denet";
        var inputInfo = ValueInfoProto.Tensor(InputName, TensorDataType.Float, BatchDimension, _a.InputChannels, s0, s1, s2);
        inputInfo.DocString = "The preprocessed volume (N, channels, A0, A1, A2), axes (i, j, k) of the voxel grid.";
        G.Graph.Input.Add(inputInfo);

        var image = new GraphValue(input, [1, _a.InputChannels, s0, s1, s2]);
        var x = _ops.PadEnd(image, 2, [PadTo(s0), PadTo(s1), PadTo(s2)]);

        var skips = new GraphValue[4];
        var f = x;
        for (var i = 0; i < 4; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            f = Layer(f, $"downsample_layers.{i}");
            for (var b = 0; b < _a.StageDepths[i]; b++) f = TransformerBlock(f, $"stages.{i}.{b}", _a.TopK[i]);
            var channelsLast = _ops.Transpose(f, 0, 2, 3, 4, 1);
            f = _ops.Transpose(_ops.LayerNorm(channelsLast, Module<LayerNormLayer>($"norm{i}"), $"norm{i}", Used), 0, 4, 1, 2, 3);
            skips[i] = f;
        }
        var d = Decoder(skips[3], skips[2], "up0");
        d = Decoder(d, skips[1], "up1");
        var quarter = Decoder(d, skips[0], "up2");

        if (heatmapName is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var half = Layer(_ops.AveragePool(x, 3, 2, 1, "half_resolution_input"), "c1");
            var full = Layer(x, "c2");
            var h = Decoder(Decoder(quarter, half, "up3"), full, "up4");
            var logits = _ops.Conv(h, Module<Conv3dLayer>("final_conv"), "final_conv", Used);
            var heatmap = _ops.CropEnd(logits, 2, [s0, s1, s2], heatmapName);
            var info = ValueInfoProto.Tensor(HeatmapName, TensorDataType.Float, BatchDimension, heatmap.Shape[1], s0, s1, s2);
            info.DocString = "Heatmap logits (N, landmarks, A0, A1, A2) at input resolution, channels in landmark order; sigmoid gives per-voxel probabilities.";
            G.Graph.Output.Add(info);
        }
        if (anchorsName is not null)
        {
            var raw = _ops.Conv(quarter, Module<Conv3dLayer>("pre_layer"), "pre_layer", Used);
            raw = _ops.CropEnd(raw, 2, [Ceil(s0), Ceil(s1), Ceil(s2)]);
            int g0 = raw.Shape[2], g1 = raw.Shape[3], g2 = raw.Shape[4], k = 3 + _a.LandmarkCount;
            // Channel = anchor·(3 + landmarks) + k → (N, G0, G1, G2, anchors, 3 + landmarks), as H3deNet lays it out.
            var split = _ops.Reshape(raw, [1, _a.AnchorsPerCell, k, g0, g1, g2]);
            var perm = new long[] { 0, 3, 4, 5, 1, 2 };
            G.NodeTo(anchorsName, "Transpose", [split.Name], AttributeProto.IntList("perm", perm));
            var info = ValueInfoProto.Tensor(AnchorsName, TensorDataType.Float, BatchDimension, g0, g1, g2, _a.AnchorsPerCell, k);
            info.DocString = "Anchor head (N, G0, G1, G2, anchors, 3 + landmarks) on the stride-4 grid: per anchor 3 offsets, then one presence logit per landmark.";
            G.Graph.Output.Add(info);
        }
        return G.Graph;
    }

    /// <summary>A public layer type, a <see cref="Sequential"/> of them, or the reference's no-op placeholder.</summary>
    private GraphValue Layer(GraphValue x, string path)
    {
        var module = _modules.TryGetValue(path, out var m) ? m : throw new InvalidOperationException($"The network has no module '{path}'.");
        switch (module)
        {
            case Sequential sequential:
                for (var i = 0; i < sequential.Count; i++) x = Layer(x, $"{path}.{i}");
                return x;
            case Conv3dLayer conv: return _ops.Conv(x, conv, path, Used);
            case LinearLayer linear: return _ops.Linear(x, linear, path, Used);
            case LayerNormLayer norm: return _ops.LayerNorm(x, norm, path, Used);
            case InstanceNorm3dLayer norm: return _ops.InstanceNorm(x, norm.Epsilon, path);
            case LeakyReluLayer relu: return _ops.LeakyRelu(x, relu.NegativeSlope, path);
            case GeluLayer: return _ops.Gelu(x, path);
            case Module<Tensor, Tensor> when !module.NamedParameters().Any() && module.NamedChildren().Any() == false
                && module.GetType().Name == "Identity":
                return x;
            default:
                throw new NotSupportedException($"The ONNX export does not know the module '{path}' ({module.GetType().Name}).");
        }
    }

    /// <summary><c>TransformerBlock.Forward</c>: x += DWConv(x); channels-last t += BRA(LN₁(t)); t += MLP(LN₂(t)).</summary>
    private GraphValue TransformerBlock(GraphValue input, string path, int topK)
    {
        var x = _ops.Add(input, Layer(input, path + ".pos_embed"), path + "/pos");
        var t = _ops.Transpose(x, 0, 2, 3, 4, 1);
        t = _ops.Add(t, Attention(Layer(t, path + ".norm1"), path + ".attn", topK), path + "/attn_residual");
        t = _ops.Add(t, Layer(Layer(t, path + ".norm2"), path + ".mlp"), path + "/mlp_residual");
        return _ops.Transpose(t, 0, 4, 1, 2, 3);
    }

    /// <summary><c>BiLevelRoutingAttention.Forward</c> on channels-last (N, A0, A1, A2, C).</summary>
    private GraphValue Attention(GraphValue input, string path, int topK)
    {
        int a0 = input.Shape[1], a1 = input.Shape[2], a2 = input.Shape[3], c = input.Shape[4];
        var (n0, n1, n2) = _a.Windows;
        int p0 = PadTo(a0, n0), p1 = PadTo(a1, n1), p2 = PadTo(a2, n2);
        int s0 = p0 / n0, s1 = p1 / n1, s2 = p2 / n2;
        int windows = n0 * n1 * n2, tokens = s0 * s1 * s2, heads = c / _a.HeadSize, headSize = _a.HeadSize;
        var scale = 1f / MathF.Sqrt(_a.UseHeadSizeScale ? headSize : c);

        var x = _ops.PadEnd(input, 1, [p0, p1, p2]);
        var qkv = Layer(x, path + ".qkv.qkv");                                                  // (N, P0, P1, P2, 3C)
        var qkvWin = Partition(qkv, n0, n1, n2, s0, s1, s2);                                     // (N, P, T, 3C)
        var q = _ops.Slice(qkvWin, -1, 0, c);
        var kv = _ops.Slice(qkvWin, -1, c, 3 * c);                                               // (N, P, T, 2C)

        // Window routing: mean query and key per window, affinity, top-k windows (no gradient in training).
        var qWin = _ops.ReduceMean(q, 2, path + "/q_window");
        var kWin = _ops.ReduceMean(_ops.Slice(kv, -1, 0, c), 2, path + "/k_window");
        var logits = _ops.MatMul(_ops.Scale(qWin, scale, path + "/q_window_scaled"), _ops.Transpose(kWin, 0, 2, 1), path + "/routing_logits");
        var routes = _ops.TopKIndices(logits, topK, path + "/routes");                           // (N, P, k)

        // Gather the routed windows' keys and values: (N, P·k, T·2C) rows of (N, P, T·2C).
        var kvFlat = _ops.Reshape(kv, [1, windows, tokens * 2 * c]);
        var index = _ops.Expand(_ops.Reshape(routes, [1, windows * topK, 1]), [1, windows * topK, tokens * 2 * c], path + "/gather_index");
        var gathered = _ops.Reshape(_ops.GatherElements(kvFlat, index, 1, path + "/gathered"), [1, windows, topK * tokens, 2 * c]);
        var k = _ops.Slice(gathered, -1, 0, c);
        var v = _ops.Slice(gathered, -1, c, 2 * c);

        // Heads are channel-major (channel = head·size + i).
        var qh = _ops.Reshape(_ops.Transpose(_ops.Reshape(q, [windows, tokens, heads, headSize]), 0, 2, 1, 3), [windows * heads, tokens, headSize]);
        var kh = _ops.Reshape(_ops.Transpose(_ops.Reshape(k, [windows, topK * tokens, heads, headSize]), 0, 2, 3, 1), [windows * heads, headSize, topK * tokens]);
        var vh = _ops.Reshape(_ops.Transpose(_ops.Reshape(v, [windows, topK * tokens, heads, headSize]), 0, 2, 1, 3), [windows * heads, topK * tokens, headSize]);
        var attention = _ops.Softmax(_ops.MatMul(_ops.Scale(qh, scale, path + "/q_scaled"), kh, path + "/scores"), path + "/attention");
        var outHeads = _ops.MatMul(attention, vh, path + "/attended");                          // (NPh, T, size)
        var outWin = _ops.Reshape(_ops.Transpose(_ops.Reshape(outHeads, [windows, heads, tokens, headSize]), 0, 2, 1, 3), [1, windows, tokens, c]);
        var output = Merge(outWin, n0, n1, n2, s0, s1, s2);                                      // (N, P0, P1, P2, C)

        // LePE: depthwise conv of the values over the whole (padded) volume.
        var values = _ops.Transpose(_ops.Slice(qkv, -1, 2 * c, 3 * c), 0, 4, 1, 2, 3);
        var lepe = _ops.Transpose(Layer(values, path + ".lepe"), 0, 2, 3, 4, 1);
        output = Layer(_ops.Add(output, lepe, path + "/with_lepe"), path + ".wo");
        return _ops.CropEnd(output, 1, [a0, a1, a2]);
    }

    /// <summary>(N, P0, P1, P2, C) → (N, windows, tokens, C), windows and tokens row-major (as <c>WindowPartition</c>).</summary>
    private GraphValue Partition(GraphValue x, int n0, int n1, int n2, int s0, int s1, int s2)
    {
        var c = x.Shape[4];
        var split = _ops.Reshape(x, [n0, s0, n1, s1, n2, s2 * c]);
        return _ops.Reshape(_ops.Transpose(split, 0, 2, 4, 1, 3, 5), [1, n0 * n1 * n2, s0 * s1 * s2, c]);
    }

    private GraphValue Merge(GraphValue windows, int n0, int n1, int n2, int s0, int s1, int s2)
    {
        var c = windows.Shape[3];
        var split = _ops.Reshape(windows, [n0, n1, n2, s0, s1, s2 * c]);
        return _ops.Reshape(_ops.Transpose(split, 0, 3, 1, 4, 2, 5), [1, n0 * s0, n1 * s1, n2 * s2, c]);
    }

    /// <summary><c>DecoderBlock.Forward</c>: trilinear ×2, concatenation [upsampled, skip], conv1, conv2.</summary>
    private GraphValue Decoder(GraphValue x, GraphValue skip, string path)
    {
        var up = _ops.Upsample(x, 2, path + "/upsampled");
        var joined = _ops.Concat(up, skip, 1, path + "/joined");
        return Layer(Layer(joined, path + ".conv1"), path + ".conv2");
    }

    private static int PadTo(int size, int multiple) => (size + multiple - 1) / multiple * multiple;

    private static int PadTo(int size) => PadTo(size, H3deNetArchitecture.TotalStride);

    private static int Ceil(int size) => (size + H3deNetArchitecture.AnchorStride - 1) / H3deNetArchitecture.AnchorStride;
}
