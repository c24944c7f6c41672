using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Pipeline;

/// <summary>What a step knows about the row it transforms: the epoch, the row's index in its view, and cancellation.</summary>
public sealed class ScanRowContext
{
    /// <summary>Creates a row context.</summary>
    /// <param name="epoch">The enumeration (epoch) number, from 0.</param>
    /// <param name="rowIndex">The row's index in the view's source rows, from 0.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="context">The H3deMl context for logging, or null.</param>
    public ScanRowContext(int epoch, int rowIndex, CancellationToken cancellationToken = default, H3deContext? context = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(rowIndex);
        Epoch = epoch;
        RowIndex = rowIndex;
        CancellationToken = cancellationToken;
        Context = context;
    }

    /// <summary>The enumeration (epoch) number, from 0.</summary>
    public int Epoch { get; }

    /// <summary>The row's index in the view's source rows (stable across epochs and independent of the enumeration order).</summary>
    public int RowIndex { get; }

    /// <summary>Cancels the work.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The context, for logging; null when the step runs outside a context.</summary>
    public H3deContext? Context { get; }

    /// <summary>The random stream a component uses for this row in this epoch.</summary>
    /// <remarks><c>componentStream.Fork(epoch).Fork(rowIndex)</c>: a fresh, independent stream per (component, epoch,
    /// row), so every epoch draws new values and the result does not depend on which thread handles the row.</remarks>
    /// <param name="componentStream">The component's stream (from <see cref="H3deContext.CreateRandomStream"/>).</param>
    /// <returns>The row's stream.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="componentStream"/> is null.</exception>
    public RandomStream CreateRandom(RandomStream componentStream)
    {
        ArgumentNullException.ThrowIfNull(componentStream);
        return componentStream.Fork((ulong)Epoch).Fork((ulong)RowIndex);
    }
}
