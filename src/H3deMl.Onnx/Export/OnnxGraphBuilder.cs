using System.Runtime.InteropServices;
using H3deMl.Onnx.Protobuf;

namespace H3deMl.Onnx.Export;

/// <summary>A value of the graph being built: its name and its static shape for a batch of one.</summary>
/// <remarks>
/// The exported graphs have a dynamic batch dimension <c>N</c>. Every value keeps the batch folded into its leading
/// axis (N·P windows, N·P·heads, ...), so shapes are tracked for N = 1 and reshape targets use −1 for the leading
/// axis, which then absorbs any batch size.
/// </remarks>
internal readonly record struct GraphValue(string Name, int[] Shape)
{
    public int Rank => Shape.Length;

    public int Size(int axis) => Shape[axis < 0 ? axis + Shape.Length : axis];
}

/// <summary>Builds an ONNX graph node by node: unique value names, initializers, shared constants.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly Dictionary<string, int> _nameCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(int opset) => Opset = opset;

    /// <summary>The default-domain opset the nodes are written for.</summary>
    public int Opset { get; }

    public GraphProto Graph { get; } = new();

    /// <summary>A value name not used before, derived from <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        if (_used.Add(hint)) return hint;
        _nameCounts.TryGetValue(hint, out var count);
        string name;
        do name = $"{hint}_{++count}"; while (!_used.Add(name));
        _nameCounts[hint] = count;
        return name;
    }

    /// <summary>Adds a float initializer under exactly <paramref name="name"/> (weights keep their reference names).</summary>
    public string FloatInitializer(string name, ReadOnlySpan<float> values, params int[] dims)
    {
        if (!_used.Add(name))
            throw new InvalidOperationException($"The initializer name '{name}' is used twice.");
        var tensor = new TensorProto { Name = name, DataType = TensorDataType.Float };
        foreach (var d in dims) tensor.Dims.Add(d);
        tensor.RawData = MemoryMarshal.AsBytes(values).ToArray();
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An int64 constant (1-D, or a scalar when <paramref name="scalar"/>), shared by content.</summary>
    public string Int64Constant(long[] values, bool scalar = false)
    {
        var key = $"i64{(scalar ? "s" : "")}:{string.Join(",", values)}";
        if (_constants.TryGetValue(key, out var existing)) return existing;
        var name = Fresh(scalar ? $"const_i64_{values[0]}" : $"const_i64_{values.Length}");
        var tensor = new TensorProto { Name = name, DataType = TensorDataType.Int64 };
        if (!scalar) tensor.Dims.Add(values.Length);
        tensor.RawData = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        Graph.Initializer.Add(tensor);
        _constants[key] = name;
        return name;
    }

    /// <summary>A float constant (1-D of the given values, or a scalar when one value and <paramref name="scalar"/>), shared by content.</summary>
    public string FloatConstant(float[] values, bool scalar = false)
    {
        var key = $"f32{(scalar ? "s" : "")}:{string.Join(",", values.Select(v => BitConverter.SingleToInt32Bits(v)))}";
        if (_constants.TryGetValue(key, out var existing)) return existing;
        var name = Fresh(scalar ? "const_f32" : $"const_f32_{values.Length}");
        var tensor = new TensorProto { Name = name, DataType = TensorDataType.Float };
        if (!scalar) tensor.Dims.Add(values.Length);
        tensor.RawData = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        Graph.Initializer.Add(tensor);
        _constants[key] = name;
        return name;
    }

    /// <summary>Appends a node with one output and returns the output's name.</summary>
    public string Node(string opType, string[] inputs, string outputHint, params AttributeProto[] attributes) =>
        NodeN(opType, inputs, [outputHint], attributes)[0];

    /// <summary>Reserves an exact value name (graph inputs and outputs) so no generated name takes it.</summary>
    public string Reserve(string name) =>
        _used.Add(name) ? name : throw new InvalidOperationException($"The value name '{name}' is used twice.");

    /// <summary>Appends a node whose single output is the already reserved <paramref name="output"/>.</summary>
    public string NodeTo(string output, string opType, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output + "/" + opType };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Appends a node with several outputs and returns their names.</summary>
    public string[] NodeN(string opType, string[] inputs, string[] outputHints, params AttributeProto[] attributes)
    {
        var outputs = outputHints.Select(Fresh).ToArray();
        var node = new NodeProto { OpType = opType, Name = outputs[0] + "/" + opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return outputs;
    }
}
