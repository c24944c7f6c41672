namespace H3deMl.Onnx.Scoring;

/// <summary>Runs one node: reads its inputs (null for an omitted optional input) and writes every output it produces.</summary>
internal delegate void OnnxKernel(OnnxValue?[] inputs, OnnxValue?[] outputs);
