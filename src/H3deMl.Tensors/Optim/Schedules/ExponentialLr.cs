namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>
/// Exponential decay with the reference's floor: each <see cref="LearningRateSchedule.Step"/> multiplies the learning rate by γ,
/// but only while it is above <see cref="ExponentialLrOptions.MinimumFraction"/> × the base rate.
/// </summary>
/// <remarks>
/// <para>Exactly: lr₀ = base; lrₑ = lrₑ₋₁·γ if lrₑ₋₁ &gt; f·base, else lrₑ₋₁. The product is accumulated step by step in
/// double, as PyTorch's chainable <c>ExponentialLR</c> does, so with f = 0 the rates equal PyTorch's bit for bit.</para>
/// <para>This reproduces H3DE-Net's training script, which calls <c>scheduler.step()</c> after an epoch only
/// <c>if lr &gt; 0.03·lr0</c> (H3DE-NET.md §6): with γ = 0.98 the rate stops after 174 steps at 0.98¹⁷⁴·lr0 ≈ 0.0297·lr0
/// (2.97e-5 for lr0 = 1e-3), the first value at or below the floor.</para>
/// </remarks>
public sealed class ExponentialLr : LearningRateSchedule
{
    /// <summary>Creates the schedule and sets the optimiser's learning rate for epoch 0 (the base rate).</summary>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="options">The settings, or null for the defaults (γ = 0.98, floor 0.03).</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ExponentialLr(Optimizer optimizer, ExponentialLrOptions? options = null)
        : base(optimizer)
    {
        options ??= new ExponentialLrOptions();
        options.Validate();
        Options = options;
        Start();
    }

    /// <summary>The settings.</summary>
    public ExponentialLrOptions Options { get; }

    private protected override double Next(int epoch, double previous)
    {
        if (epoch == 0) return BaseLearningRate;
        return previous > Options.MinimumFraction * BaseLearningRate ? previous * Options.Gamma : previous;
    }
}
