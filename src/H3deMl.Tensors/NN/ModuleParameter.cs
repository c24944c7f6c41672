namespace H3deMl.Tensors.NN;

/// <summary>
/// A trainable tensor owned by a <see cref="Module"/>: a contiguous leaf <see cref="Tensor"/> with
/// <see cref="Tensor.RequiresGrad"/> set, created by <see cref="Module.RegisterParameter"/>.
/// </summary>
/// <remarks>
/// <see cref="Tensor"/> is sealed, so a parameter wraps one rather than deriving from it. The wrapper keeps trainable
/// tensors apart from activations in signatures (optimisers take parameters, not arbitrary tensors) and converts
/// implicitly to <see cref="Tensor"/>, so layers pass it straight to <see cref="Functional"/>. Loading a state dict or an
/// optimiser step writes into <see cref="Value"/> in place, so references held elsewhere stay valid.
/// </remarks>
public sealed class ModuleParameter
{
    internal ModuleParameter(Tensor value) => Value = value;

    /// <summary>The parameter's values: a contiguous leaf tensor that requires a gradient.</summary>
    public Tensor Value { get; }

    /// <summary>The gradient accumulated by <see cref="Tensor.Backward"/>, or null (same as <c>Value.Grad</c>).</summary>
    public Tensor? Grad
    {
        get => Value.Grad;
        set => Value.Grad = value;
    }

    /// <summary>The size of each axis.</summary>
    public ReadOnlySpan<int> Shape => Value.Shape;

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>The parameter's tensor, for use in operations.</summary>
    /// <param name="parameter">The parameter.</param>
    public static implicit operator Tensor(ModuleParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Value;
    }

    /// <summary>The parameter's tensor (the named alternative to the implicit conversion).</summary>
    /// <returns><see cref="Value"/>.</returns>
    public Tensor ToTensor() => Value;

    /// <summary>The shape, for diagnostics.</summary>
    public override string ToString() => $"ModuleParameter{TensorShape.Format(Value.ShapeArray)}";
}
