using H3deMl.Onnx.Protobuf;
using H3deMl.Tensors;

namespace H3deMl.Onnx.Scoring;

/// <summary>
/// Rewrites operator chains that exporters emit for one engine operation into a single fused node, so the interpreter
/// runs them as the native network does: the exact GELU that <c>torch.onnx.export</c> spells out at opset 17
/// (Div by √2 → Erf → Add 1 → Mul x → Mul 0.5), and the form H3deMl's exporter writes before opset 20, become the
/// engine's one-pass GELU kernel, and MatMul by a constant
/// matrix followed by Add of a constant vector becomes one linear layer (GEMM with the bias as its initial value).
/// </summary>
/// <remarks>A chain is fused only when its intermediate values have no other reader and are not graph outputs, so the
/// rewrite never changes what the graph computes beyond float rounding.</remarks>
internal static class GraphFusion
{
    internal const string Domain = "h3deml.fused";

    internal static List<NodeProto> Apply(GraphProto graph, IReadOnlyDictionary<string, OnnxValue> initializers, string? baseDirectory)
    {
        var nodes = graph.Node.ToList();
        var constants = new Dictionary<string, OnnxValue>(initializers, StringComparer.Ordinal);
        foreach (var n in nodes)
            if (n is { OpType: "Constant", Domain: "" or "ai.onnx" } && n.FindAttribute("value")?.T is { } t && n.Output.Count == 1)
            {
                try { constants[n.Output[0]] = TensorProtoDecoding.Decode(t, baseDirectory); }
                catch (OnnxModelException) { /* the node reports it when it is built */ }
            }
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in nodes)
            foreach (var i in n.Input)
                if (i.Length > 0) readers[i] = readers.GetValueOrDefault(i) + 1;
        foreach (var o in graph.Output) readers[o.Name] = readers.GetValueOrDefault(o.Name) + 1;
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var n in nodes)
            foreach (var o in n.Output)
                if (o.Length > 0) producer[o] = n;
        var consumer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var n in nodes)
            foreach (var i in n.Input)
                if (i.Length > 0 && readers.GetValueOrDefault(i) == 1) consumer[i] = n;

        NodeProto? Single(NodeProto n, string op) =>
            n.Output.Count == 1 && consumer.TryGetValue(n.Output[0], out var c) && c.OpType == op && c.Domain is "" or "ai.onnx" ? c : null;
        bool IsScalar(string name, float value, float tolerance) =>
            constants.TryGetValue(name, out var v) && v is { IsFloat: true, Length: 1 } && MathF.Abs(v.Tensor.Contiguous().AsReadOnlySpan()[0] - value) <= tolerance;
        string? Other(NodeProto n, string known) => n.Input.Count == 2 ? (n.Input[0] == known ? n.Input[1] : n.Input[1] == known ? n.Input[0] : null) : null;

        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replacement = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var erf in nodes)
        {
            // GELU, as torch writes it:   Div(x, √2) → Erf → Add 1 → Mul(x, ·) → Mul(·, 0.5)
            //        as H3deMl writes it: Mul(x, 1/√2) → Erf → Add 1 → Mul(Mul(x, 0.5), ·)
            if (erf is not { OpType: "Erf", Domain: "" or "ai.onnx" } || erf.Input.Count != 1 || removed.Contains(erf)) continue;
            if (readers.GetValueOrDefault(erf.Input[0]) != 1 || !producer.TryGetValue(erf.Input[0], out var pre) || removed.Contains(pre) || pre.Input.Count != 2) continue;
            string? x = pre switch
            {
                { OpType: "Div" } when IsScalar(pre.Input[1], MathF.Sqrt(2f), 1e-6f) => pre.Input[0],
                { OpType: "Mul" } when IsScalar(pre.Input[1], 1f / MathF.Sqrt(2f), 1e-7f) => pre.Input[0],
                { OpType: "Mul" } when IsScalar(pre.Input[0], 1f / MathF.Sqrt(2f), 1e-7f) => pre.Input[1],
                _ => null,
            };
            if (x is null || pre.Domain is not ("" or "ai.onnx")) continue;
            if (Single(erf, "Add") is not { } add || Other(add, erf.Output[0]) is not { } one || !IsScalar(one, 1f, 0f)) continue;
            if (Single(add, "Mul") is not { } mul || Other(mul, add.Output[0]) is not { } factor) continue;
            NodeProto last, halfNode;
            if (factor == x && Single(mul, "Mul") is { } half && Other(half, mul.Output[0]) is { } h && IsScalar(h, 0.5f, 0f))
                (last, halfNode) = (half, mul);
            else if (readers.GetValueOrDefault(factor) == 1 && producer.TryGetValue(factor, out var halved) && halved is { OpType: "Mul", Domain: "" or "ai.onnx" }
                     && Other(halved, x) is { } hh && IsScalar(hh, 0.5f, 0f))
                (last, halfNode) = (mul, halved);
            else continue;
            if (removed.Contains(halfNode) || removed.Contains(last)) continue;
            var gelu = new NodeProto { Name = (pre.Name.Length > 0 ? pre.Name : pre.Output[0]) + "+gelu", OpType = "Gelu", Domain = Domain };
            gelu.Input.Add(x);
            gelu.Output.Add(last.Output[0]);
            replacement[pre] = gelu;
            removed.UnionWith([erf, add, mul, halfNode, last]);
        }
        foreach (var matmul in nodes)
        {
            // Linear: MatMul(x, W const (in, out)) → Add(·, b const (out))
            if (matmul is not { OpType: "MatMul", Domain: "" or "ai.onnx" } || matmul.Input.Count != 2 || removed.Contains(matmul) || replacement.ContainsKey(matmul)) continue;
            if (!initializers.TryGetValue(matmul.Input[1], out var w) || w is not { IsFloat: true, Rank: 2 }) continue;
            if (Single(matmul, "Add") is not { } add || removed.Contains(add) || Other(add, matmul.Output[0]) is not { } b) continue;
            if (!initializers.TryGetValue(b, out var bias) || bias is not { IsFloat: true, Rank: 1 } || bias.ShapeArray[0] != w.ShapeArray[1]) continue;
            var linear = new NodeProto { Name = (matmul.Name.Length > 0 ? matmul.Name : matmul.Output[0]) + "+bias", OpType = "Linear", Domain = Domain };
            linear.Input.AddRange([matmul.Input[0], matmul.Input[1], b]);
            linear.Output.Add(add.Output[0]);
            replacement[matmul] = linear;
            removed.Add(add);
        }
        if (replacement.Count == 0) return nodes;
        var result = new List<NodeProto>(nodes.Count);
        foreach (var n in nodes)
        {
            if (removed.Contains(n)) continue;
            result.Add(replacement.TryGetValue(n, out var r) ? r : n);
        }
        return result;
    }

    /// <summary>The kernels of the fused nodes.</summary>
    internal static OnnxKernel Kernel(OnnxNodeContext c, Func<string, OnnxValue?> constantOf) => c.Node.OpType switch
    {
        "Gelu" => (i, o) => o[0] = OnnxValue.FromTensor(Functional.Gelu(i[0]!.AsFloatTensor())),
        "Linear" => LinearKernel(constantOf(c.Node.Input[1])!.Tensor),
        _ => throw c.Unsupported("unknown fused operator."),
    };

    private static OnnxKernel LinearKernel(Tensor w)
    {
        // The engine's linear layer takes W as (out, in): transpose the (in, out) MatMul operand once.
        var weight = Tensor.Wrap(w.Transpose(0, 1).ToArray(), w.Size(1), w.Size(0));
        return (i, o) => o[0] = OnnxValue.FromTensor(Functional.Linear(i[0]!.AsFloatTensor(), weight, i[2]!.AsFloatTensor()));
    }
}
