using H3deMl.Tensors.NN.Init;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.NN.Layers;

/// <summary>
/// A 3D convolution layer (PyTorch's <c>nn.Conv3d</c>): parameters <c>weight</c> (out, in/groups, kD, kH, kW) and
/// optionally <c>bias</c> (out), initialised as PyTorch does (<see cref="Initializers.LinearOrConvDefault"/>).
/// </summary>
/// <remarks>Input (N, in, D, H, W); output (N, out, D', H', W') with D' = ⌊(D + 2·padD − kD) / strideD⌋ + 1, and so on. Computed by <c>Functional.Conv3d</c>.</remarks>
public sealed class Conv3dLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates a layer with a cubic kernel and the same stride and padding on every axis.</summary>
    /// <param name="inChannels">Input channels; at least 1 and divisible by <paramref name="groups"/>.</param>
    /// <param name="outChannels">Output channels; at least 1 and divisible by <paramref name="groups"/>.</param>
    /// <param name="kernelSize">Kernel size on each axis; at least 1.</param>
    /// <param name="random">The generator for the initial weights (weight drawn first, then bias).</param>
    /// <param name="stride">Stride on each axis; at least 1 (default 1).</param>
    /// <param name="padding">Zero padding on each side of each axis; 0 or more (default 0).</param>
    /// <param name="groups">Channel groups; at least 1 (default 1; equal to the channel count for depthwise).</param>
    /// <param name="useBias">Whether the layer has a bias (default true).</param>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range or the channels are not divisible by the groups.</exception>
    public Conv3dLayer(int inChannels, int outChannels, int kernelSize, RandomStream random, int stride = 1, int padding = 0, int groups = 1, bool useBias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize, kernelSize), random, (stride, stride, stride), (padding, padding, padding), groups, useBias)
    {
    }

    /// <summary>Creates a layer with per-axis kernel size, stride and padding (D, H, W).</summary>
    /// <param name="inChannels">Input channels; at least 1 and divisible by <paramref name="groups"/>.</param>
    /// <param name="outChannels">Output channels; at least 1 and divisible by <paramref name="groups"/>.</param>
    /// <param name="kernelSize">Kernel size per axis; each at least 1.</param>
    /// <param name="random">The generator for the initial weights (weight drawn first, then bias).</param>
    /// <param name="stride">Stride per axis; each at least 1.</param>
    /// <param name="padding">Zero padding per axis; each 0 or more.</param>
    /// <param name="groups">Channel groups; at least 1.</param>
    /// <param name="useBias">Whether the layer has a bias.</param>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range or the channels are not divisible by the groups.</exception>
    public Conv3dLayer(int inChannels, int outChannels, (int D, int H, int W) kernelSize, RandomStream random, (int D, int H, int W) stride,
        (int D, int H, int W) padding, int groups = 1, bool useBias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        if (inChannels % groups != 0)
            throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"The input channels must be divisible by the groups ({groups}).");
        if (outChannels % groups != 0)
            throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, $"The output channels must be divisible by the groups ({groups}).");
        if (kernelSize.D < 1 || kernelSize.H < 1 || kernelSize.W < 1)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "Every kernel size must be at least 1.");
        if (stride.D < 1 || stride.H < 1 || stride.W < 1)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Every stride must be at least 1.");
        if (padding.D < 0 || padding.H < 0 || padding.W < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding cannot be negative.");

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Groups = groups;
        var w = ParameterTensors.Create(outChannels, inChannels / groups, kernelSize.D, kernelSize.H, kernelSize.W);
        var b = useBias ? ParameterTensors.Create(outChannels) : null;
        Initializers.LinearOrConvDefault(w, b, random);
        Weight = RegisterParameter(ParameterTensors.Weight, w);
        if (b is not null) Bias = RegisterParameter(ParameterTensors.Bias, b);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel size per axis (D, H, W).</summary>
    public (int D, int H, int W) KernelSize { get; }

    /// <summary>Stride per axis (D, H, W).</summary>
    public (int D, int H, int W) Stride { get; }

    /// <summary>Zero padding per axis (D, H, W).</summary>
    public (int D, int H, int W) Padding { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>The weight, registered as <c>weight</c>: (out, in/groups, kD, kH, kW).</summary>
    public ModuleParameter Weight { get; }

    /// <summary>The bias, registered as <c>bias</c>: (out); null when the layer has none.</summary>
    public ModuleParameter? Bias { get; }

    /// <summary>Convolves <paramref name="input"/> (N, in, D, H, W).</summary>
    /// <param name="input">A rank-5 tensor with <see cref="InChannels"/> channels.</param>
    /// <returns>The output (N, out, D', H', W').</returns>
    /// <exception cref="ArgumentException">The input is not rank 5 or has another channel count.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5 || input.Size(1) != InChannels)
            throw new ArgumentException($"Conv3dLayer expects (N, {InChannels}, D, H, W); the input has shape {TensorShape.Format(input.Shape)}.", nameof(input));
        return Functional.Conv3d(input, Weight.Value, Bias?.Value, Stride, Padding, Groups);
    }
}
