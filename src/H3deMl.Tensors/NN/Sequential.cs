using System.Collections;
using System.Globalization;

namespace H3deMl.Tensors.NN;

/// <summary>
/// Modules applied one after another, named "0", "1", … (PyTorch's <c>nn.Sequential</c>), so that paths such as
/// <c>downsample_layers.0.0.weight</c> arise naturally.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>, IReadOnlyList<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> _items = [];

    /// <summary>Creates a sequence of <paramref name="modules"/>, applied in order.</summary>
    /// <param name="modules">The steps.</param>
    /// <exception cref="ArgumentNullException">A step is null.</exception>
    public Sequential(params IEnumerable<Module<Tensor, Tensor>> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) Add(m);
    }

    /// <summary>The number of steps.</summary>
    public int Count => _items.Count;

    /// <summary>The step at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public Module<Tensor, Tensor> this[int index] => _items[index];

    /// <summary>Appends a step under the next index name.</summary>
    /// <param name="module">The step.</param>
    /// <returns>This sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    public Sequential Add(Module<Tensor, Tensor> module)
    {
        RegisterModule(_items.Count.ToString(CultureInfo.InvariantCulture), module);
        _items.Add(module);
        return this;
    }

    /// <summary>
    /// Applies every step in order; an empty sequence returns its input. Each intermediate result is handed to
    /// <see cref="TensorScope.Discard"/> once the next step has consumed it (unless that step returned a view of it), so
    /// its buffer is reused as soon as neither the forward nor the backward pass needs it.
    /// </summary>
    /// <param name="input">The input.</param>
    /// <returns>The last step's output.</returns>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in _items)
        {
            var y = m.Forward(x);
            if (!ReferenceEquals(x.Storage, input.Storage) && !ReferenceEquals(x.Storage, y.Storage)) TensorScope.Discard(x);
            x = y;
        }
        return x;
    }

    /// <summary>Enumerates the steps in order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
