namespace H3deMl.Tensors.NN.Layers;

/// <summary>3D average pooling (PyTorch's <c>nn.AvgPool3d</c>); no parameters.</summary>
/// <remarks>The defaults are H3DE-Net's: kernel 3, stride 2, padding 1, padded zeros counted in the average.</remarks>
public sealed class AvgPool3dLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Window size on each axis; at least 1 (default 3).</param>
    /// <param name="stride">Step on each axis; at least 1 (default 2).</param>
    /// <param name="padding">Zero padding on each side; 0 to kernelSize/2 (default 1).</param>
    /// <param name="countIncludePad">Whether padded zeros count in the divisor (default true, PyTorch's).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public AvgPool3dLayer(int kernelSize = 3, int stride = 2, int padding = 1, bool countIncludePad = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(padding, kernelSize / 2);
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Window size on each axis.</summary>
    public int KernelSize { get; }

    /// <summary>Step on each axis.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side of each axis.</summary>
    public int Padding { get; }

    /// <summary>Whether padded zeros count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <summary>Pools <paramref name="input"/> (N, C, D, H, W).</summary>
    /// <param name="input">A rank-5 tensor.</param>
    /// <returns>(N, C, D', H', W') with D' = ⌊(D + 2·padding − kernel) / stride⌋ + 1.</returns>
    /// <exception cref="ArgumentException">The input is not rank 5.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5)
            throw new ArgumentException($"AvgPool3dLayer expects (N, C, D, H, W); the input has shape {TensorShape.Format(input.Shape)}.", nameof(input));
        return Functional.AvgPool3d(input, KernelSize, Stride, Padding, CountIncludePad);
    }
}
