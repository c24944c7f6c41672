namespace H3deMl.Trainers.Import;

/// <summary>
/// Bounds on what a checkpoint may declare. A checkpoint is untrusted input: every size is checked against these
/// limits and against the bytes actually present before anything is allocated.
/// </summary>
internal sealed record CheckpointLimits
{
    /// <summary>The largest checkpoint file (32 GiB; the reference checkpoints are about 300 MB with optimiser state).</summary>
    public long MaxFileBytes { get; init; } = 32L << 30;

    /// <summary>The most zip entries (one per storage plus a few records).</summary>
    public int MaxEntries { get; init; } = 200_000;

    /// <summary>The largest <c>data.pkl</c> (the pickle holds structure only; storages are separate records).</summary>
    public long MaxPickleBytes { get; init; } = 256L << 20;

    /// <summary>The most memo entries the pickle may store.</summary>
    public int MaxMemoEntries { get; init; } = 4_000_000;

    /// <summary>The deepest nesting of MARK-delimited groups (tuples, lists, dict items under construction).</summary>
    public int MaxMarkDepth { get; init; } = 256;

    /// <summary>The most dimensions a tensor may have.</summary>
    public int MaxRank { get; init; } = 16;

    /// <summary>The longest storage key or string that names a record.</summary>
    public int MaxKeyLength { get; init; } = 256;

    /// <summary>The most elements a tensor that is loaded may have (the engine's tensors are float arrays).</summary>
    public long MaxTensorElements { get; init; } = Array.MaxLength;

    /// <summary>The defaults above.</summary>
    public static CheckpointLimits Default { get; } = new();
}
