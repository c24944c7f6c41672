namespace H3deMl.Tensors;

/// <summary>
/// The flat buffer behind one or more tensor views. Storage rented inside a <see cref="TensorScope"/> is returned to
/// the pool when that scope ends, unless a tensor using it was moved out with <see cref="TensorScope.Keep"/>.
/// </summary>
internal sealed class TensorStorage
{
    internal float[] Data;
    internal readonly int Length;
    internal bool IsPooled;

    /// <summary>True for buffers allocated while the autograd engine runs (gradients that only backward sees).</summary>
    internal bool CreatedByBackward;

    [ThreadStatic] internal static bool t_inBackward;

    private TensorStorage(float[] data, int length, bool pooled)
    {
        Data = data;
        Length = length;
        IsPooled = pooled;
    }

    /// <summary>Uninitialised storage of <paramref name="length"/> elements (callers must write every element).</summary>
    internal static TensorStorage Allocate(int length)
    {
        var scope = TensorScope.Current;
        if (scope is null) return AllocateUnscoped(length);
        var s = new TensorStorage(TensorPool.Shared.Rent(length), length, true) { CreatedByBackward = t_inBackward };
        scope.Track(s);
        return s;
    }

    /// <summary>Garbage-collected storage that no scope tracks (parameters, gradients, results).</summary>
    internal static TensorStorage AllocateUnscoped(int length) =>
        new(length == 0 ? [] : GC.AllocateUninitializedArray<float>(length), length, false);

    internal static TensorStorage AllocateZeroed(int length)
    {
        // Both pooled and fresh (uninitialised) arrays hold stale values: always clear.
        var s = Allocate(length);
        Array.Clear(s.Data, 0, length);
        return s;
    }

    internal static TensorStorage Wrap(float[] data) => new(data, data.Length, false);

    internal void ReturnToPool()
    {
        if (!IsPooled) return;
        IsPooled = false;
        TensorPool.Shared.Return(Data);
        Data = [];
    }
}
