namespace H3deMl.Tensors.NN.Layers;

/// <summary>x for x &gt; 0, else slope·x (PyTorch's <c>nn.LeakyReLU</c>); no parameters.</summary>
public sealed class LeakyReluLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">The slope for negative inputs; finite (default 0.01, PyTorch's).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is not finite.</exception>
    public LeakyReluLayer(float negativeSlope = 0.01f)
    {
        if (!float.IsFinite(negativeSlope)) throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The slope must be finite.");
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; }

    /// <summary>Applies the activation element-wise.</summary>
    /// <param name="input">Any tensor.</param>
    /// <returns>A tensor of the same shape.</returns>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.LeakyRelu(input, NegativeSlope);
    }
}
