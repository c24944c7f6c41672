namespace H3deMl.Tensors;

/// <summary>
/// Collects the storage of every tensor created on this thread while the scope is open and returns it to a pool when
/// the scope is disposed, so that a training step reuses its activation buffers instead of allocating new ones.
/// </summary>
/// <remarks>
/// Tensors that must outlive the scope (results, parameters, gradients) are passed to <see cref="Keep"/>. Using a
/// tensor from a disposed scope is a programming error and gives undefined values. Scopes nest; only the innermost
/// scope tracks new storage. Without a scope, storage is ordinary garbage-collected memory.
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? t_current;
    private readonly TensorScope? _outer;
    private readonly List<TensorStorage> _tracked = [];
    private bool _disposed;

    /// <summary>Opens a scope on the calling thread.</summary>
    public TensorScope()
    {
        _outer = t_current;
        t_current = this;
    }

    internal static TensorScope? Current => t_current;

    internal void Track(TensorStorage storage) => _tracked.Add(storage);

    /// <summary>Moves the storage of <paramref name="tensor"/> out of this scope (to the enclosing scope, or to the garbage collector).</summary>
    /// <returns>The same tensor, for chaining.</returns>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var s = tensor.Storage;
        if (_tracked.Remove(s))
        {
            if (_outer is not null) _outer.Track(s);
            else
            {
                s.IsPooled = false; // now owned by the garbage collector
                TensorMemory.OnReturn(s.Length, s.SavedBy > 0);
            }
        }
        return tensor;
    }

    /// <summary>
    /// Declares that the caller is done with <paramref name="tensor"/>: its buffer goes back to the pool now, or, when
    /// a recorded operation keeps it for the backward pass, as soon as that operation's backward has run. Lowers the
    /// peak memory of a forward or training pass to what the backward strictly needs. Only buffers rented inside a
    /// scope are affected (parameters and unscoped tensors are left alone). The tensor, and every view sharing its
    /// buffer, must not be used afterwards.
    /// </summary>
    /// <param name="tensor">The tensor no longer used (null is ignored).</param>
    public static void Discard(Tensor? tensor) => tensor?.Storage.Discard();

    /// <summary>Returns every tracked buffer to the pool and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (t_current != this)
            throw new InvalidOperationException("Tensor scopes must be disposed in the reverse order of their creation, on the thread that opened them.");
        t_current = _outer;
        foreach (var s in _tracked) s.ReturnToPool();
        _tracked.Clear();
    }
}
