namespace H3deMl.Tensors.Optim;

/// <summary>Hyper-parameters of <see cref="AdamW"/>; the defaults are PyTorch's.</summary>
public sealed record AdamWOptions
{
    /// <summary>The learning rate; finite, ≥ 0. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay of the first-moment average; in [0, 1). Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average; in [0, 1). Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected √v̂ in the denominator; finite, ≥ 0. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay: each step first multiplies the parameter by 1 − lr·λ; finite, ≥ 0. Default 0.01.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the exception names the property.</exception>
    public void Validate() => AdamCore.Validate(LearningRate, Beta1, Beta2, Epsilon, WeightDecay);
}
