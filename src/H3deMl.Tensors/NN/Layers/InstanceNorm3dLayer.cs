namespace H3deMl.Tensors.NN.Layers;

/// <summary>
/// Instance normalisation without affine parameters or running statistics (PyTorch's <c>nn.InstanceNorm3d</c>
/// defaults): each (n, c) volume to zero mean and unit biased variance, in training and evaluation mode alike.
/// </summary>
public sealed class InstanceNorm3dLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="epsilon">Added to the variance; greater than 0 (default 1e-5, PyTorch's).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not positive and finite.</exception>
    public InstanceNorm3dLayer(float epsilon = 1e-5f)
    {
        if (!(epsilon > 0) || float.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        Epsilon = epsilon;
    }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>Normalises each (n, c) volume of <paramref name="input"/>.</summary>
    /// <param name="input">(N, C, D, H, W).</param>
    /// <returns>The normalised tensor, same shape.</returns>
    /// <exception cref="ArgumentException">The input is not rank 5.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5)
            throw new ArgumentException($"InstanceNorm3dLayer expects (N, C, D, H, W); the input has shape {TensorShape.Format(input.Shape)}.", nameof(input));
        return Functional.InstanceNorm(input, Epsilon);
    }
}
