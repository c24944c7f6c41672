using H3deMl.Tensors.NN.Init;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Tensors.NN.Layers;

/// <summary>
/// A fully connected layer over the last axis (PyTorch's <c>nn.Linear</c>): y = x·Wᵀ + b with <c>weight</c> (out, in)
/// and optionally <c>bias</c> (out), initialised as PyTorch does (<see cref="Initializers.LinearOrConvDefault"/>).
/// </summary>
public sealed class LinearLayer : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">Input features (size of the input's last axis); at least 1.</param>
    /// <param name="outFeatures">Output features; at least 1.</param>
    /// <param name="random">The generator for the initial weights (weight drawn first, then bias).</param>
    /// <param name="useBias">Whether the layer has a bias (default true).</param>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A feature count is below 1.</exception>
    public LinearLayer(int inFeatures, int outFeatures, RandomStream random, bool useBias = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var w = ParameterTensors.Create(outFeatures, inFeatures);
        var b = useBias ? ParameterTensors.Create(outFeatures) : null;
        Initializers.LinearOrConvDefault(w, b, random);
        Weight = RegisterParameter(ParameterTensors.Weight, w);
        if (b is not null) Bias = RegisterParameter(ParameterTensors.Bias, b);
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, registered as <c>weight</c>: (out, in).</summary>
    public ModuleParameter Weight { get; }

    /// <summary>The bias, registered as <c>bias</c>: (out); null when the layer has none.</summary>
    public ModuleParameter? Bias { get; }

    /// <summary>Applies the layer to the last axis of <paramref name="input"/>.</summary>
    /// <param name="input">(…, in).</param>
    /// <returns>(…, out).</returns>
    /// <exception cref="ArgumentException">The last axis is not <see cref="InFeatures"/> long.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Size(-1) != InFeatures)
            throw new ArgumentException($"LinearLayer expects (…, {InFeatures}); the input has shape {TensorShape.Format(input.Shape)}.", nameof(input));
        return Functional.Linear(input, Weight.Value, Bias?.Value);
    }
}
