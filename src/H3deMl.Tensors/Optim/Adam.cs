using H3deMl.Tensors.NN;

namespace H3deMl.Tensors.Optim;

/// <summary>Adam with classic L2 weight decay, exactly as PyTorch's <c>torch.optim.Adam</c> (amsgrad off).</summary>
/// <remarks>
/// For each parameter p with gradient g, at step t (counted per parameter):
/// <code>
/// g ← g + λ·p                                  (only when WeightDecay λ &gt; 0)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g·g
/// p ← p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// The bias corrections and the step size are computed in double and rounded to float once, the element-wise work is
/// float32 in PyTorch's operation order, vectorised (512/256/128 bits) without fused multiply-add, so every vector width
/// gives the same bits.
/// </remarks>
public sealed class Adam : Optimizer
{
    internal const string Kind = "Adam";
    private readonly AdamCore _core;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="options">The hyper-parameters, or null for PyTorch's defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameter list is empty or has repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Adam(IEnumerable<ModuleParameter> parameters, AdamOptions? options = null)
        : base(parameters, (options ??= new AdamOptions()).LearningRate)
    {
        options.Validate();
        Options = options;
        _core = new AdamCore(Parameters, options.Beta1, options.Beta2, options.Epsilon);
    }

    /// <summary>The hyper-parameters (the learning rate here is the initial one; see <see cref="Optimizer.LearningRate"/>).</summary>
    public AdamOptions Options { get; }

    /// <inheritdoc/>
    public override void Step() => _core.Step(this, LearningRate, l2: Options.WeightDecay, decoupled: 0);

    /// <inheritdoc/>
    public override OptimizerState GetState() => _core.GetState(Kind, LearningRate, Options.WeightDecay);

    /// <inheritdoc/>
    public override void SetState(OptimizerState state) => LearningRate = _core.SetState(Kind, state);
}
