using System.Collections;
using System.Globalization;

namespace H3deMl.Tensors.NN;

/// <summary>
/// An ordered list of child modules named "0", "1", … (PyTorch's <c>nn.ModuleList</c>), so that parameter paths read
/// <c>stages.2.3.attn.qkv.weight</c>. It has no forward computation of its own.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    private readonly List<T> _items = [];

    /// <summary>Creates a list holding <paramref name="modules"/> in order.</summary>
    /// <param name="modules">The initial elements.</param>
    /// <exception cref="ArgumentNullException">An element is null.</exception>
    public ModuleList(params IEnumerable<T> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var m in modules) Add(m);
    }

    /// <summary>The number of elements.</summary>
    public int Count => _items.Count;

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public T this[int index] => _items[index];

    /// <summary>Appends <paramref name="module"/> under the next index name.</summary>
    /// <param name="module">The module to append.</param>
    /// <returns>This list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    public ModuleList<T> Add(T module)
    {
        RegisterModule(_items.Count.ToString(CultureInfo.InvariantCulture), module);
        _items.Add(module);
        return this;
    }

    /// <summary>Enumerates the elements in order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
