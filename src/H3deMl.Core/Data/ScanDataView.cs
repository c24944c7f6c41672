using System.Collections;
using H3deMl.Core.Pipeline;

namespace H3deMl.Core.Data;

/// <summary>
/// A lazily evaluated, re-enumerable dataset of scans: a list of source rows (ids and paths) plus the pipeline steps to
/// apply to each row when it is enumerated.
/// </summary>
/// <remarks>
/// <para><b>Laziness and memory.</b> Nothing is read or computed until rows are enumerated, and each row is loaded,
/// transformed and handed over one at a time, so the view never holds the whole dataset's voxels: at most the row being
/// consumed plus <see cref="PrefetchDepth"/> rows prepared ahead.</para>
/// <para><b>Epochs and randomness.</b> Every enumeration through <see cref="GetEnumerator"/> is a new epoch (0, 1, 2, …
/// per view instance); random steps derive their draws from their identity, the epoch and the row index
/// (<see cref="ScanRowContext.CreateRandom"/>), so two epochs differ, the same seed reproduces the same epochs, and
/// prefetching on other threads changes nothing. <see cref="Enumerate(int, CancellationToken)"/> asks for a given epoch
/// explicitly (e.g. when resuming training).</para>
/// <para><b>Steps.</b> A view remembers every fitted step it was built with and the scope of each, including steps
/// that did not run on it (evaluation-only steps of a view made while fitting), so that
/// <see cref="ReplayStepsOn"/> can prepare validation data exactly as the pipeline would.</para>
/// </remarks>
public sealed class ScanDataView : IEnumerable<ScanRow>
{
    private readonly ScanRow[] _rows;
    private readonly ViewStep[] _steps;
    private int _nextEpoch = -1;

    internal ScanDataView(H3deContext? context, ScanRow[] rows, IReadOnlyList<string> landmarkNames, ViewStep[] steps, int prefetchDepth)
    {
        Context = context;
        _rows = rows;
        LandmarkNames = landmarkNames;
        _steps = steps;
        PrefetchDepth = prefetchDepth;
    }

    /// <summary>The number of rows.</summary>
    public int Count => _rows.Length;

    /// <summary>The landmark names shared by every case of the dataset (empty when the dataset has no landmarks).</summary>
    public IReadOnlyList<string> LandmarkNames { get; }

    /// <summary>The rows as they come from the dataset, before any step (ids, splits and sources; volumes only for in-memory data).</summary>
    public IReadOnlyList<ScanRow> SourceRows => _rows;

    /// <summary>The steps that run when this view is enumerated, in order.</summary>
    public IReadOnlyList<ScanChainStep> AppliedSteps => [.. _steps.Where(s => s.IsApplied).Select(s => s.Step)];

    /// <summary>How many rows are prepared ahead on worker threads while the consumer works (0: none).</summary>
    public int PrefetchDepth { get; }

    /// <summary>The context the view was created from, or null.</summary>
    internal H3deContext? Context { get; }

    internal IReadOnlyList<ViewStep> Steps => _steps;

    /// <summary>Enumerates the rows of the next epoch of this view.</summary>
    /// <returns>The rows, each loaded and transformed on demand.</returns>
    public IEnumerator<ScanRow> GetEnumerator()
    {
        int epoch = Interlocked.Increment(ref _nextEpoch);
        return Enumerate(epoch).GetEnumerator();
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the rows of a given epoch, in source order.</summary>
    /// <param name="epoch">The epoch number, from 0.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public IEnumerable<ScanRow> Enumerate(int epoch, CancellationToken cancellationToken = default) =>
        Enumerate(epoch, null, cancellationToken);

    /// <summary>Enumerates the rows of a given epoch in a given order (e.g. a shuffled order chosen by a trainer).</summary>
    /// <param name="epoch">The epoch number, from 0.</param>
    /// <param name="rowOrder">Indices into <see cref="SourceRows"/>; null for source order. A row's randomness depends on
    /// its index, not its position in this order.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative or an index is out of range.</exception>
    public IEnumerable<ScanRow> Enumerate(int epoch, IReadOnlyList<int>? rowOrder, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        int[] order = rowOrder is null ? [.. Enumerable.Range(0, _rows.Length)] : [.. rowOrder];
        foreach (int index in order)
        {
            if ((uint)index >= (uint)_rows.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(rowOrder), index, $"Row index {index} is outside the view's {_rows.Length} rows.");
            }
        }

        return PrefetchDepth > 0
            ? new PrefetchingRowSequence(this, epoch, order, PrefetchDepth, cancellationToken)
            : EnumerateSequential(epoch, order, cancellationToken);
    }

    /// <summary>Loads and transforms one row.</summary>
    /// <param name="index">The index into <see cref="SourceRows"/>.</param>
    /// <param name="epoch">The epoch whose randomness to use; default 0.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The transformed row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <exception cref="PipelineStepException">A step failed; the inner exception says why.</exception>
    public ScanRow GetRow(int index, int epoch = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if ((uint)index >= (uint)_rows.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The view has {_rows.Length} rows.");
        }

        return Materialize(index, epoch, cancellationToken);
    }

    /// <summary>A view of the same rows and steps that prepares up to <paramref name="depth"/> rows ahead on worker threads.</summary>
    /// <param name="depth">Rows prepared ahead, 0 (none) to 64; each holds a transformed scan in memory.</param>
    /// <returns>The view (its epoch count starts again at 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is outside [0, 64].</exception>
    public ScanDataView WithPrefetch(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 64);
        return new ScanDataView(Context, _rows, LandmarkNames, _steps, depth);
    }

    /// <summary>A view holding only the source rows that satisfy a predicate (steps and prefetch are kept).</summary>
    /// <param name="predicate">Tested on each source row (id, split, source).</param>
    /// <returns>The filtered view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public ScanDataView Where(Func<ScanRow, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new ScanDataView(Context, [.. _rows.Where(predicate)], LandmarkNames, _steps, PrefetchDepth);
    }

    /// <summary>The rows of one split ("train", "val", "test"), as assigned by the dataset's folders or manifest.</summary>
    /// <param name="split">The split name (compared ignoring case).</param>
    /// <returns>The filtered view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="split"/> is null.</exception>
    public ScanDataView WhereSplit(string split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return Where(r => string.Equals(r.Split, split, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Applies this view's fitted steps to another dataset, running only those whose scope includes <paramref name="scope"/>.</summary>
    /// <remarks>A trainer uses it to prepare its validation set exactly as the fitted pipeline will prepare evaluation
    /// data: <c>trainingInput.ReplayStepsOn(validationSet, StepScope.Evaluation)</c>.</remarks>
    /// <param name="source">The dataset to transform (usually untransformed).</param>
    /// <param name="scope">The phase to reproduce.</param>
    /// <returns>The transformed view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public ScanDataView ReplayStepsOn(ScanDataView source, StepScope scope)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.AppendSteps(_steps.Select(s => s.Step), scope);
    }

    /// <inheritdoc/>
    public override string ToString() => $"ScanDataView: {Count} rows, {_steps.Count(s => s.IsApplied)} steps";

    /// <summary>A view with more steps; a step runs on it when its scope includes <paramref name="phase"/>.</summary>
    internal ScanDataView AppendSteps(IEnumerable<ScanChainStep> steps, StepScope phase)
    {
        ViewStep[] added = [.. steps.Select(s => new ViewStep(s, (s.Scope & phase) != 0))];
        return new ScanDataView(Context, _rows, LandmarkNames, [.. _steps, .. added], PrefetchDepth);
    }

    /// <summary>A view that also runs <paramref name="transformer"/> on every row (in every phase).</summary>
    /// <remarks>This is how a row-wise step implements <see cref="IScanTransformer.Transform"/>:
    /// <c>public ScanDataView Transform(ScanDataView input) => input.AppendStep(this);</c></remarks>
    /// <param name="transformer">The fitted step.</param>
    /// <returns>The new view (lazy).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transformer"/> is null.</exception>
    public ScanDataView AppendStep(IScanTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return AppendSteps([new ScanChainStep(transformer, StepScope.Everything)], StepScope.Everything);
    }

    internal ScanRow Materialize(int index, int epoch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ScanRow row = _rows[index];
        var rowContext = new ScanRowContext(epoch, index, cancellationToken, Context);
        foreach (ViewStep step in _steps)
        {
            if (!step.IsApplied)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            row = RunStep(step.Step.Transformer, row, rowContext);
        }

        return row;
    }

    internal static ScanRow RunStep(IScanTransformer transformer, ScanRow row, ScanRowContext rowContext)
    {
        try
        {
            return transformer.TransformRow(row, rowContext);
        }
        catch (Exception e) when (e is not OperationCanceledException and not PipelineStepException)
        {
            throw new PipelineStepException(transformer.StepTypeName, row.Id, e);
        }
    }

    private IEnumerable<ScanRow> EnumerateSequential(int epoch, int[] order, CancellationToken cancellationToken)
    {
        foreach (int index in order)
        {
            yield return Materialize(index, epoch, cancellationToken);
        }
    }

    /// <summary>A step of a view and whether it runs on this view.</summary>
    internal readonly record struct ViewStep(ScanChainStep Step, bool IsApplied);
}
