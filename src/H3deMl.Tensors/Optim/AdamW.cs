using H3deMl.Tensors.NN;

namespace H3deMl.Tensors.Optim;

/// <summary>Adam with decoupled weight decay, exactly as PyTorch's <c>torch.optim.AdamW</c> (amsgrad off).</summary>
/// <remarks>
/// For each parameter p with gradient g, at step t (counted per parameter):
/// <code>
/// p ← p·(1 − lr·λ)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g·g
/// p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// Precision and operation order as in <see cref="Adam"/>.
/// </remarks>
public sealed class AdamW : Optimizer
{
    internal const string Kind = "AdamW";
    private readonly AdamCore _core;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="options">The hyper-parameters, or null for PyTorch's defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameter list is empty or has repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public AdamW(IEnumerable<ModuleParameter> parameters, AdamWOptions? options = null)
        : base(parameters, (options ??= new AdamWOptions()).LearningRate)
    {
        options.Validate();
        Options = options;
        _core = new AdamCore(Parameters, options.Beta1, options.Beta2, options.Epsilon);
    }

    /// <summary>The hyper-parameters (the learning rate here is the initial one; see <see cref="Optimizer.LearningRate"/>).</summary>
    public AdamWOptions Options { get; }

    /// <inheritdoc/>
    public override void Step() => _core.Step(this, LearningRate, l2: 0, decoupled: Options.WeightDecay);

    /// <inheritdoc/>
    public override OptimizerState GetState() => _core.GetState(Kind, LearningRate, Options.WeightDecay);

    /// <inheritdoc/>
    public override void SetState(OptimizerState state) => LearningRate = _core.SetState(Kind, state);
}
