namespace H3deMl.Tensors.Optim;

/// <summary>Hyper-parameters of <see cref="Adam"/>. The defaults are PyTorch's; H3DE-Net trains with betas (0.9, 0.98) and weight decay 5e-4 (DECISIONS.md §12).</summary>
public sealed record AdamOptions
{
    /// <summary>The learning rate; finite, ≥ 0. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay of the first-moment average; in [0, 1). Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average; in [0, 1). Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected √v̂ in the denominator; finite, ≥ 0. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 penalty added to the gradient (g + λ·p, classic Adam, not decoupled); finite, ≥ 0. Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the exception names the property.</exception>
    public void Validate() => AdamCore.Validate(LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
}
