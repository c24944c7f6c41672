using H3deMl.Onnx.Protobuf;

namespace H3deMl.Onnx.Scoring;

/// <summary>
/// One node as an operator factory sees it at load time: its attributes, the default-domain opset and how many inputs
/// and outputs it wires. Factories validate every attribute here, so an unsupported setting fails when the model loads.
/// </summary>
internal sealed class OnnxNodeContext(NodeProto node, long opset, Func<string, OnnxValue?> constantOf, string baseDirectory)
{
    internal NodeProto Node { get; } = node;

    internal long Opset { get; } = opset;

    internal string BaseDirectory { get; } = baseDirectory;

    /// <summary>"node 'NAME' (operator OP, domain D)" for messages.</summary>
    internal string Describe =>
        $"node '{(Node.Name.Length > 0 ? Node.Name : Node.Output.FirstOrDefault() ?? "?")}' (operator {Node.OpType}, domain {(Node.Domain.Length > 0 ? Node.Domain : "ai.onnx")})";

    internal int InputCount => Node.Input.Count;

    internal int OutputCount => Node.Output.Count;

    internal bool HasInput(int i) => i < Node.Input.Count && Node.Input[i].Length > 0;

    internal bool HasOutput(int i) => i < Node.Output.Count && Node.Output[i].Length > 0;

    /// <summary>The value of input <paramref name="i"/> when it is a constant known at load time (initializer or folded), else null.</summary>
    internal OnnxValue? ConstantInput(int i) => HasInput(i) ? constantOf(Node.Input[i]) : null;

    internal OnnxModelException Unsupported(string what) => new($"{Describe}: {what}");

    internal long Int(string name, long fallback) => Node.FindAttribute(name) is { } a ? a.I : fallback;

    internal float Float(string name, float fallback) => Node.FindAttribute(name) is { } a ? a.F : fallback;

    internal string String(string name, string fallback) => Node.FindAttribute(name) is { } a ? a.StringValue : fallback;

    internal long[]? Ints(string name) => Node.FindAttribute(name) is { } a ? [.. a.Ints] : null;

    internal float[]? Floats(string name) => Node.FindAttribute(name) is { } a ? [.. a.Floats] : null;

    internal TensorProto? TensorAttribute(string name) => Node.FindAttribute(name)?.T;

    internal bool Has(string name) => Node.FindAttribute(name) is not null;

    /// <summary>An int attribute that must fit in an int (sizes, axes).</summary>
    internal int SmallInt(string name, int fallback)
    {
        var v = Int(name, fallback);
        if (v is < int.MinValue or > int.MaxValue) throw Unsupported($"attribute {name} = {v} is out of range.");
        return (int)v;
    }

    internal int[]? SmallInts(string name)
    {
        var v = Ints(name);
        if (v is null) return null;
        var r = new int[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] is < int.MinValue or > int.MaxValue) throw Unsupported($"attribute {name} holds {v[i]}, out of range.");
            r[i] = (int)v[i];
        }
        return r;
    }

    /// <summary>Fails unless the string attribute is absent or one of <paramref name="allowed"/>.</summary>
    internal string Choice(string name, string fallback, params string[] allowed)
    {
        var v = String(name, fallback);
        if (Array.IndexOf(allowed, v) < 0)
            throw Unsupported($"attribute {name} = '{v}' is not supported (supported: {string.Join(", ", allowed.Select(a => "'" + a + "'"))}).");
        return v;
    }

    /// <summary>Fails unless the int attribute is absent or equals <paramref name="expected"/>.</summary>
    internal void Require(string name, long expected, long fallback)
    {
        var v = Int(name, fallback);
        if (v != expected) throw Unsupported($"attribute {name} = {v} is not supported (only {expected}).");
    }

    /// <summary>Fails when more outputs are wired than the operator implements.</summary>
    internal void MaxOutputs(int count)
    {
        for (var i = count; i < OutputCount; i++)
            if (HasOutput(i)) throw Unsupported($"output {i} ('{Node.Output[i]}') is not supported; only the first {count} output(s) are.");
    }
}
