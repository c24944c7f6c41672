namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>Settings of <see cref="CosineLr"/>.</summary>
public sealed record CosineLrOptions
{
    /// <summary>The epoch at which the rate reaches <see cref="MinimumLearningRate"/> (PyTorch's T_max, warm-up included); at least 1. Default 200.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>The rate at the end of the annealing and after it (PyTorch's eta_min); finite, ≥ 0. Default 0.</summary>
    public double MinimumLearningRate { get; init; }

    /// <summary>Epochs of linear warm-up before the annealing; 0 to <see cref="Epochs"/> − 1. Default 0.</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>The warm-up's starting rate as a fraction of the base rate; in [0, 1]. Default 0.1.</summary>
    public double WarmupStartFactor { get; init; } = 0.1;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the exception names the property.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The annealing length must be at least 1 epoch.");
        if (!double.IsFinite(MinimumLearningRate) || MinimumLearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(MinimumLearningRate), MinimumLearningRate, "The minimum learning rate must be finite and non-negative.");
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs)
            throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, $"The warm-up must last 0 to {Epochs - 1} epochs (fewer than Epochs).");
        if (!(WarmupStartFactor >= 0 && WarmupStartFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(WarmupStartFactor), WarmupStartFactor, "The warm-up start factor must be in [0, 1].");
    }
}
