namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>Cosine annealing from the base rate to a minimum (PyTorch's <c>CosineAnnealingLR</c>), with optional linear warm-up.</summary>
/// <remarks>
/// With base rate η, minimum η_min, T = <see cref="CosineLrOptions.Epochs"/>, W = <see cref="CosineLrOptions.WarmupEpochs"/>
/// and s = <see cref="CosineLrOptions.WarmupStartFactor"/>, the rate of epoch e is
/// <code>
/// e &lt; W:        η·(s + (1 − s)·e / W)
/// W ≤ e ≤ T:    η_min + (η − η_min)·(1 + cos(π·(e − W) / (T − W))) / 2
/// e &gt; T:        η_min
/// </code>
/// The closed form is used (PyTorch steps a recursive form that equals it up to double rounding), and the rate stays at
/// η_min after T rather than rising again as PyTorch's periodic form does.
/// </remarks>
public sealed class CosineLr : LearningRateSchedule
{
    /// <summary>Creates the schedule and sets the optimiser's learning rate for epoch 0.</summary>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="options">The settings, or null for the defaults (200 epochs to 0, no warm-up).</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CosineLr(Optimizer optimizer, CosineLrOptions? options = null)
        : base(optimizer)
    {
        options ??= new CosineLrOptions();
        options.Validate();
        Options = options;
        Start();
    }

    /// <summary>The settings.</summary>
    public CosineLrOptions Options { get; }

    private protected override double Next(int epoch, double previous)
    {
        var o = Options;
        var baseLr = BaseLearningRate;
        if (epoch < o.WarmupEpochs)
            return baseLr * (o.WarmupStartFactor + (1 - o.WarmupStartFactor) * epoch / o.WarmupEpochs);
        if (epoch >= o.Epochs) return o.MinimumLearningRate;
        var t = epoch - o.WarmupEpochs;
        var span = o.Epochs - o.WarmupEpochs;
        return o.MinimumLearningRate + (baseLr - o.MinimumLearningRate) * (1 + Math.Cos(Math.PI * t / span)) / 2;
    }
}
