namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>
/// The base of per-epoch learning-rate schedules: the schedule sets <see cref="Optimizer.LearningRate"/> when it is
/// created (epoch 0) and on every <see cref="Step"/>, which the training loop calls once after each epoch.
/// </summary>
public abstract class LearningRateSchedule
{
    private double _learningRate;

    /// <summary>Creates the schedule; its base learning rate is the optimiser's current one.</summary>
    /// <param name="optimizer">The optimiser whose learning rate the schedule sets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    protected LearningRateSchedule(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        BaseLearningRate = optimizer.LearningRate;
    }

    /// <summary>The optimiser whose learning rate the schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The learning rate the schedule started from (the optimiser's when the schedule was created).</summary>
    public double BaseLearningRate { get; }

    /// <summary>The number of <see cref="Step"/> calls so far (the epoch the current learning rate is for).</summary>
    public int Epoch { get; private set; }

    /// <summary>The learning rate for <see cref="Epoch"/>, as set on the optimiser.</summary>
    public double LearningRate => _learningRate;

    /// <summary>Moves to the next epoch and sets the optimiser's learning rate for it.</summary>
    public void Step()
    {
        Epoch++;
        Apply(Next(Epoch, _learningRate));
    }

    /// <summary>Exports the position, for checkpoints.</summary>
    /// <returns>The epoch and learning rate.</returns>
    public LearningRateScheduleState GetState() => new(Epoch, _learningRate);

    /// <summary>Restores a position saved with <see cref="GetState"/> and sets the optimiser's learning rate to it.</summary>
    /// <param name="state">The saved state.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The epoch is negative or the learning rate is not finite and non-negative.</exception>
    public void SetState(LearningRateScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(state.Epoch, nameof(state));
        if (!double.IsFinite(state.LearningRate) || state.LearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(state), state.LearningRate, "The saved learning rate must be finite and non-negative.");
        Epoch = state.Epoch;
        Apply(state.LearningRate);
    }

    /// <summary>Sets the learning rate of epoch 0; derived constructors call it once their options are stored.</summary>
    private protected void Start() => Apply(Next(0, BaseLearningRate));

    /// <summary>The learning rate for <paramref name="epoch"/>, given the one of the previous epoch.</summary>
    /// <param name="epoch">The epoch (0 when the schedule starts).</param>
    /// <param name="previous">The previous epoch's learning rate (the base rate for epoch 0).</param>
    /// <returns>The learning rate.</returns>
    private protected abstract double Next(int epoch, double previous);

    private void Apply(double lr)
    {
        _learningRate = lr;
        Optimizer.LearningRate = lr;
    }
}
