namespace H3deMl.Tensors.Kernels.Operators;

/// <summary>An element-wise binary operation with its vectorised span forms (the span forms must agree with the scalar form).</summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float a, float b);
    static abstract void Invoke(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination);
    static abstract void Invoke(ReadOnlySpan<float> a, float b, Span<float> destination);
    static abstract void Invoke(float a, ReadOnlySpan<float> b, Span<float> destination);
}
