namespace H3deMl.Onnx.Scoring;

/// <summary>A graph input or output as the model declares it.</summary>
/// <param name="Name">The value's name in the graph.</param>
/// <param name="Kind">How the interpreter holds its elements.</param>
/// <param name="Dimensions">Each axis' size, or null for a symbolic (dynamic) axis; null when the rank is not declared.</param>
public sealed record OnnxTensorInfo(string Name, OnnxElementKind Kind, IReadOnlyList<long?>? Dimensions);
