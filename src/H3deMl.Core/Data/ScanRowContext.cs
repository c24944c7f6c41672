using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Data;

/// <summary>What a step knows about the row it transforms: the pass over the data it belongs to, the row's identity in
/// its source, and cancellation.</summary>
/// <param name="Pass">The pass (a training epoch): drawn from the <see cref="Random"/> given to
/// <c>IDataView.GetRowCursor</c>, 0 when none was given.</param>
/// <param name="RowId">The row's identity in its source (stable whatever the order rows are read in).</param>
/// <param name="CancellationToken">Cancels the work.</param>
public sealed record ScanRowContext(ulong Pass, ulong RowId, CancellationToken CancellationToken = default)
{
    /// <summary>The random stream a component uses for this row in this pass.</summary>
    /// <remarks><c>componentStream.Fork(pass).Fork(rowId)</c>: a fresh, independent stream per (component, pass, row),
    /// so every epoch draws new values and the result depends neither on the order rows are read in nor on threads.</remarks>
    /// <param name="componentStream">The component's stream.</param>
    /// <returns>The row's stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="componentStream"/> is null.</exception>
    public RandomStream CreateRandom(RandomStream componentStream)
    {
        ArgumentNullException.ThrowIfNull(componentStream);
        return componentStream.Fork(Pass).Fork(RowId);
    }
}
