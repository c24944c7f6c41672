namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>Settings of <see cref="ExponentialLr"/>; the defaults are H3DE-Net's (γ = 0.98 per epoch, floor 3 % of the start; DECISIONS.md §12).</summary>
public sealed record ExponentialLrOptions
{
    /// <summary>The factor applied per epoch; in (0, 1]. Default 0.98.</summary>
    public double Gamma { get; init; } = 0.98;

    /// <summary>
    /// The floor as a fraction of the base learning rate: a step multiplies by <see cref="Gamma"/> only while the current
    /// rate is above MinimumFraction × base; in [0, 1). Default 0.03; 0 gives PyTorch's plain <c>ExponentialLR</c>.
    /// </summary>
    public double MinimumFraction { get; init; } = 0.03;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the exception names the property.</exception>
    public void Validate()
    {
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Gamma must be in (0, 1].");
        if (!(MinimumFraction >= 0 && MinimumFraction < 1)) throw new ArgumentOutOfRangeException(nameof(MinimumFraction), MinimumFraction, "The minimum fraction must be in [0, 1).");
    }
}
