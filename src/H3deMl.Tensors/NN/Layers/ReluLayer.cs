namespace H3deMl.Tensors.NN.Layers;

/// <summary>max(x, 0) element-wise (PyTorch's <c>nn.ReLU</c>); no parameters.</summary>
public sealed class ReluLayer : Module<Tensor, Tensor>
{
    /// <summary>Applies ReLU element-wise.</summary>
    /// <param name="input">Any tensor.</param>
    /// <returns>A tensor of the same shape.</returns>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Relu(input);
    }
}
