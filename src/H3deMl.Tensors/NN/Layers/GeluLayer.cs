namespace H3deMl.Tensors.NN.Layers;

/// <summary>GELU with the exact erf form, 0.5·x·(1 + erf(x/√2)) (PyTorch's <c>nn.GELU()</c>); no parameters.</summary>
public sealed class GeluLayer : Module<Tensor, Tensor>
{
    /// <summary>Applies GELU element-wise.</summary>
    /// <param name="input">Any tensor.</param>
    /// <returns>A tensor of the same shape.</returns>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Gelu(input);
    }
}
