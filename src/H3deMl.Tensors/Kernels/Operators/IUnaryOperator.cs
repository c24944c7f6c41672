namespace H3deMl.Tensors.Kernels.Operators;

/// <summary>An element-wise unary operation with its vectorised span form.</summary>
internal interface IUnaryOperator
{
    static abstract void Invoke(ReadOnlySpan<float> x, Span<float> destination);
}
