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

    /// <summary>How many recorded operations keep this buffer for their backward (see GradNode.Save).</summary>
    internal int SavedBy;

    /// <summary>Set by <see cref="TensorScope.Discard"/>: the buffer goes back to the pool once no operation saves it.</summary>
    internal bool Discarded;

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
        TensorMemory.OnRent(length);
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
        TensorMemory.OnReturn(Length, SavedBy > 0);
        TensorPool.Shared.Return(Data);
        Data = [];
    }

    /// <summary>One more recorded operation keeps this buffer for backward.</summary>
    internal void AddSave()
    {
        if (SavedBy++ == 0 && IsPooled) TensorMemory.OnSaved(Length, true);
    }

    /// <summary>A recorded operation no longer needs this buffer; a discarded buffer nobody saves goes back to the pool.</summary>
    internal void RemoveSave()
    {
        if (SavedBy <= 0) return;
        if (--SavedBy == 0)
        {
            if (IsPooled) TensorMemory.OnSaved(Length, false);
            if (Discarded) ReturnToPool();
        }
    }

    /// <summary>Marks the buffer unused by its owner: returned to the pool now, or when the last saving operation lets go.</summary>
    internal void Discard()
    {
        if (!IsPooled) return;
        Discarded = true;
        if (SavedBy == 0) ReturnToPool();
    }
}
