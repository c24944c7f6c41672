namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>Cosine annealing over whichever ends first, an epoch count or a time budget: the rate after each epoch is
/// that of <see cref="CosineLr"/> at the fraction f = max(epoch / epochs, elapsed / budget) of the run, so a run cut by
/// its time limit still ends annealed instead of at a high rate.</summary>
/// <remarks>η_min + (η − η_min)·(1 + cos(π·min(f, 1))) / 2. Without a budget it equals <see cref="CosineLr"/> without warm-up.</remarks>
public sealed class BudgetedCosineLr : LearningRateSchedule
{
    private readonly int _epochs;
    private readonly double _minimum;
    private readonly TimeSpan? _budget;
    private readonly Func<TimeSpan> _elapsed;

    /// <summary>Creates the schedule and sets the optimiser's learning rate for epoch 0.</summary>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="epochs">The epoch count at which the rate reaches <paramref name="minimumLearningRate"/>; at least 1.</param>
    /// <param name="minimumLearningRate">The final rate; finite, ≥ 0.</param>
    /// <param name="budget">The time at which the rate reaches the minimum, or null for none.</param>
    /// <param name="elapsed">The time spent so far (read after each epoch).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public BudgetedCosineLr(Optimizer optimizer, int epochs, double minimumLearningRate, TimeSpan? budget, Func<TimeSpan> elapsed)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (!double.IsFinite(minimumLearningRate) || minimumLearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate, "The minimum learning rate must be finite and non-negative.");
        if (budget is { } b && b <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(budget), b, "The budget must be positive.");
        ArgumentNullException.ThrowIfNull(elapsed);
        _epochs = epochs;
        _minimum = minimumLearningRate;
        _budget = budget;
        _elapsed = elapsed;
        Start();
    }

    /// <summary>The fraction of the run done at <paramref name="epoch"/>, in [0, 1].</summary>
    public double Progress(int epoch)
    {
        double f = (double)epoch / _epochs;
        if (epoch > 0 && _budget is { } budget) f = Math.Max(f, _elapsed() / budget);
        return Math.Clamp(f, 0, 1);
    }

    private protected override double Next(int epoch, double previous) =>
        _minimum + ((BaseLearningRate - _minimum) * (1 + Math.Cos(Math.PI * Progress(epoch))) / 2);
}
