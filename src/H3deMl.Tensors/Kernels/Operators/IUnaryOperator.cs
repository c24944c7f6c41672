namespace H3deMl.Tensors.Kernels.Operators;

/// <summary>An element-wise unary operation on spans (instance form, so that operators can carry parameters).</summary>
internal interface IUnaryOperator
{
    void Invoke(ReadOnlySpan<float> x, Span<float> destination);
}
