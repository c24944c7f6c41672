using System.Globalization;
using H3deMl.Tensors.NN;

namespace H3deMl.Tensors.Optim;

/// <summary>
/// The base of gradient-descent optimisers: it holds the parameters (one group, one learning rate) and updates them
/// in place from their gradients on each <see cref="Step"/>.
/// </summary>
/// <remarks>
/// Updates are element-wise with fixed operation order and no reductions, so they are bit-identical for any thread
/// count. <see cref="GetState"/> and <see cref="SetState"/> export and restore everything the next step depends on,
/// so a resumed run continues bit-identically.
/// </remarks>
public abstract class Optimizer
{
    private double _learningRate;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters to update; at least one, no repeats.</param>
    /// <param name="learningRate">The initial learning rate; finite and non-negative.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">The list is empty or holds a parameter twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    protected Optimizer(IEnumerable<ModuleParameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("The optimiser got an empty parameter list.", nameof(parameters));
        var seen = new HashSet<ModuleParameter>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < list.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], $"{nameof(parameters)}[{i}]");
            if (!seen.Add(list[i])) throw new ArgumentException($"ModuleParameter {i} ({list[i]}) appears more than once.", nameof(parameters));
        }
        Parameters = list;
        LearningRate = learningRate;
    }

    /// <summary>The parameters, in the order given; state keys refer to these indices.</summary>
    public IReadOnlyList<ModuleParameter> Parameters { get; }

    /// <summary>The learning rate of the next step (schedules set it once per epoch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!double.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "The learning rate must be finite and non-negative.");
            _learningRate = value;
        }
    }

    /// <summary>Clears the gradients of the parameters (sets them to null).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Grad = null;
    }

    /// <summary>Updates every parameter that has a gradient; parameters without one are skipped, as in PyTorch.</summary>
    /// <exception cref="InvalidOperationException">A gradient's shape differs from its parameter's.</exception>
    public abstract void Step();

    /// <summary>Exports the optimiser's state (moments, step counts, learning rate) for a checkpoint.</summary>
    /// <returns>A snapshot with copies of the state tensors.</returns>
    public abstract OptimizerState GetState();

    /// <summary>Restores a state exported by <see cref="GetState"/> from an optimiser of the same kind over parameters of the same shapes.</summary>
    /// <param name="state">The state.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state is from another optimiser kind or does not fit the parameters; the message lists every problem.</exception>
    public abstract void SetState(OptimizerState state);

    /// <summary>The parameter's gradient as a contiguous tensor of the parameter's shape, or null.</summary>
    /// <param name="index">The parameter index.</param>
    /// <returns>The gradient, or null when the parameter has none.</returns>
    /// <exception cref="InvalidOperationException">The gradient's shape differs from the parameter's.</exception>
    internal Tensor? GradientOf(int index)
    {
        var p = Parameters[index];
        var g = p.Grad;
        if (g is null) return null;
        if (!g.Shape.SequenceEqual(p.Shape))
            throw new InvalidOperationException($"ModuleParameter {index} has shape {TensorShape.Format(p.Shape)} but its gradient has shape {TensorShape.Format(g.Shape)}.");
        if (g.IsContiguous) return g;
        using (Autograd.GradMode.NoGrad()) return g.Contiguous();
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
