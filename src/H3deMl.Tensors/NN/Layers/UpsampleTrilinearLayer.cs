namespace H3deMl.Tensors.NN.Layers;

/// <summary>
/// Trilinear upsampling by an integer factor with align_corners = false (PyTorch's
/// <c>nn.Upsample(scale_factor, mode="trilinear")</c>); no parameters.
/// </summary>
public sealed class UpsampleTrilinearLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="scale">The factor on each spatial axis; at least 1 (default 2).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is below 1.</exception>
    public UpsampleTrilinearLayer(int scale = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        Scale = scale;
    }

    /// <summary>The factor on each spatial axis.</summary>
    public int Scale { get; }

    /// <summary>Upsamples <paramref name="input"/> (N, C, D, H, W).</summary>
    /// <param name="input">A rank-5 tensor.</param>
    /// <returns>(N, C, D·scale, H·scale, W·scale).</returns>
    /// <exception cref="ArgumentException">The input is not rank 5.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5)
            throw new ArgumentException($"UpsampleTrilinearLayer expects (N, C, D, H, W); the input has shape {TensorShape.Format(input.Shape)}.", nameof(input));
        return Functional.UpsampleTrilinear(input, Scale);
    }
}
