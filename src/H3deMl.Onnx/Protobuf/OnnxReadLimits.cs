namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// Bounds applied while reading an untrusted ONNX file, checked before anything is allocated for the value they
/// bound. The defaults admit every realistic model (protobuf itself caps a message at 2 GiB).
/// </summary>
public sealed record OnnxReadLimits
{
    /// <summary>The defaults.</summary>
    public static OnnxReadLimits Default { get; } = new();

    /// <summary>Largest model file in bytes (default 2 GiB − 1, the protobuf limit).</summary>
    public long MaxModelBytes { get; init; } = int.MaxValue;

    /// <summary>Deepest nesting of messages (a subgraph inside an attribute inside a node adds three levels).</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Most messages in one file (nodes, tensors, attributes, value infos, ... together).</summary>
    public int MaxMessages { get; init; } = 10_000_000;

    /// <summary>Most elements of one repeated scalar field (dims, ints, floats, float_data, ...).</summary>
    public int MaxRepeatedElements { get; init; } = 1 << 28;

    /// <summary>Longest string (names, doc strings, metadata values) in bytes.</summary>
    public int MaxStringBytes { get; init; } = 64 << 20;

    /// <summary>Highest tensor rank.</summary>
    public int MaxTensorRank { get; init; } = 32;
}
