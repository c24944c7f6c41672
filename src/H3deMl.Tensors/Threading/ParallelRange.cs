namespace H3deMl.Tensors.Threading;

/// <summary>
/// Runs an <see cref="IRangeOperation"/> over [0, count) split into contiguous bands, one per thread at most, inline
/// when a single band suffices. Bands only decide who computes what, never how a value is computed, so results do not
/// depend on the thread count.
/// </summary>
internal static class ParallelRange
{
    /// <param name="count">The number of work items.</param>
    /// <param name="minItemsPerBand">The smallest band worth a task of its own.</param>
    /// <param name="operation">The work, invoked once per band.</param>
    internal static void For<T>(int count, int minItemsPerBand, in T operation) where T : struct, IRangeOperation
    {
        if (count <= 0) return;
        var bands = Math.Min(ComputeSettings.Threads, Math.Max(1, count / Math.Max(1, minItemsPerBand)));
        if (bands <= 1)
        {
            operation.Invoke(0, count);
            return;
        }
        var op = operation;
        var options = new ParallelOptions { MaxDegreeOfParallelism = bands };
        Parallel.For(0, bands, options, b =>
        {
            var start = (int)((long)count * b / bands);
            var end = (int)((long)count * (b + 1) / bands);
            op.Invoke(start, end);
        });
    }
}
