namespace H3deMl.Tensors.NN.Layers;

/// <summary>
/// Layer normalisation over the last axis (PyTorch's <c>nn.LayerNorm</c> with one normalised dimension):
/// y = (x − mean) / √(var + eps) · weight + bias, with <c>weight</c> initialised to ones and <c>bias</c> to zeros.
/// </summary>
public sealed class LayerNormLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedSize">The size of the last axis (channels); at least 1.</param>
    /// <param name="epsilon">Added to the variance; greater than 0 (PyTorch's default 1e-5; H3DE-Net's blocks use 1e-6).</param>
    /// <param name="useAffine">Whether the layer has <c>weight</c> and <c>bias</c> (default true).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="normalizedSize"/> is below 1 or <paramref name="epsilon"/> is not positive.</exception>
    public LayerNormLayer(int normalizedSize, float epsilon = 1e-5f, bool useAffine = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(normalizedSize, 1);
        if (!(epsilon > 0) || float.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        NormalizedSize = normalizedSize;
        Epsilon = epsilon;
        if (!useAffine) return;
        var w = ParameterTensors.Create(normalizedSize);
        w.AsSpan().Fill(1f);
        Weight = RegisterParameter(ParameterTensors.Weight, w);
        Bias = RegisterParameter(ParameterTensors.Bias, ParameterTensors.Create(normalizedSize));
    }

    /// <summary>The size of the normalised last axis.</summary>
    public int NormalizedSize { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>The scale, registered as <c>weight</c>, or null without affine parameters.</summary>
    public ModuleParameter? Weight { get; }

    /// <summary>The shift, registered as <c>bias</c>, or null without affine parameters.</summary>
    public ModuleParameter? Bias { get; }

    /// <summary>Normalises the last axis of <paramref name="input"/>.</summary>
    /// <param name="input">(…, <see cref="NormalizedSize"/>).</param>
    /// <returns>The normalised tensor, same shape.</returns>
    /// <exception cref="ArgumentException">The last axis has another size.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Size(-1) != NormalizedSize)
            throw new ArgumentException($"LayerNormLayer expects (…, {NormalizedSize}); the input has shape {TensorShape.Format(input.Shape)}.", nameof(input));
        return Functional.LayerNorm(input, Weight?.Value, Bias?.Value, Epsilon);
    }
}
