using H3deMl.Onnx.Scoring.Operators;

namespace H3deMl.Onnx.Scoring;

/// <summary>The operators of the default ONNX domain that the interpreter runs, each as a factory that validates a node's attributes and returns its kernel.</summary>
internal sealed class OperatorRegistry
{
    private readonly Dictionary<string, Func<OnnxNodeContext, OnnxKernel>> _factories = new(StringComparer.Ordinal);

    internal static OperatorRegistry Default { get; } = Create();

    internal void Add(string opType, Func<OnnxNodeContext, OnnxKernel> factory) => _factories.Add(opType, factory);

    internal bool TryGet(string opType, out Func<OnnxNodeContext, OnnxKernel> factory) => _factories.TryGetValue(opType, out factory!);

    /// <summary>Every supported operator name, sorted.</summary>
    internal IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    private static OperatorRegistry Create()
    {
        var r = new OperatorRegistry();
        ElementwiseOperators.Register(r);
        ShapeOperators.Register(r);
        IndexingOperators.Register(r);
        LinearOperators.Register(r);
        ConvolutionOperators.Register(r);
        NormalizationOperators.Register(r);
        PoolingOperators.Register(r);
        ReductionOperators.Register(r);
        ResizeOperator.Register(r);
        PadOperator.Register(r);
        return r;
    }
}
