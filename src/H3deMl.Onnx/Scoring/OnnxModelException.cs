namespace H3deMl.Onnx.Scoring;

/// <summary>
/// An ONNX model the interpreter cannot run: an unsupported operator, opset or attribute (raised when the model is
/// loaded), or inputs that do not fit the graph (raised when it runs). The message names the node, the operator and
/// its domain where one is involved.
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>An exception with the given message.</summary>
    public OnnxModelException(string message) : base(message) { }

    /// <summary>An exception with the given message and cause.</summary>
    public OnnxModelException(string message, Exception inner) : base(message, inner) { }
}
