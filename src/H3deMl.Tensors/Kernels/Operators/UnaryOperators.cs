using System.Numerics.Tensors;

namespace H3deMl.Tensors.Kernels.Operators;

internal readonly struct NegateOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Negate(x, d);
}

internal readonly struct ExpOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Exp(x, d);
}

internal readonly struct LogOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Log(x, d);
}

internal readonly struct SqrtOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Sqrt(x, d);
}

internal readonly struct AbsOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Abs(x, d);
}

internal readonly struct PowOperator(float exponent) : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d)
    {
        if (exponent == 2f) TensorPrimitives.Multiply(x, x, d);
        else if (exponent == 1f) x.CopyTo(d);
        else if (exponent == 0.5f) TensorPrimitives.Sqrt(x, d);
        else TensorPrimitives.Pow(x, exponent, d);
    }
}

internal readonly struct ClampOperator(float min, float max) : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d)
    {
        TensorPrimitives.Max(x, min, d);
        TensorPrimitives.Min(d, max, d);
    }
}

internal readonly struct SigmoidOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Sigmoid(x, d);
}

internal readonly struct TanhOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Tanh(x, d);
}

internal readonly struct ReluOperator : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Max(x, 0f, d);
}

internal readonly struct LeakyReluOperator(float slope) : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => LeakyRelu.Forward(x, d, slope);
}

internal readonly struct AddScalarOperator(float value) : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Add(x, value, d);
}

internal readonly struct MultiplyScalarOperator(float value) : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Multiply(x, value, d);
}

/// <summary>value / x.</summary>
internal readonly struct ReciprocalScaleOperator(float value) : IUnaryOperator
{
    public void Invoke(ReadOnlySpan<float> x, Span<float> d) => TensorPrimitives.Divide(value, x, d);
}
