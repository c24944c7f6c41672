using System.Collections;
using H3deMl.Core.Data;

namespace H3deMl.Core.Pipeline;

/// <summary>A fitted pipeline: an ordered list of fitted steps, each with the phases it runs in. This is what
/// <see cref="ScanModelCatalog.Save(IScanTransformer, string, IReadOnlyList{string}?)"/> writes and <see cref="ScanModelCatalog.Load(string)"/> restores.</summary>
/// <typeparam name="TLast">The type of the last step (the trained model, when the pipeline ends with a trainer).</typeparam>
public sealed class ScanTransformerChain<TLast> : IScanTransformer, IScanTransformerChain, IEnumerable<IScanTransformer>
    where TLast : class, IScanTransformer
{
    /// <summary>The step type name of a chain. Chains are saved step by step, never as one step.</summary>
    public const string ChainStepTypeName = "H3deMl.Core.Chain";

    private readonly ScanChainStep[] _steps;

    internal ScanTransformerChain(IEnumerable<ScanChainStep> steps, IReadOnlyList<string> landmarkNames)
    {
        // Nested chains are flattened: a step of an inner chain runs in the phases common to both scopes.
        var flat = new List<ScanChainStep>();
        foreach (ScanChainStep step in steps)
        {
            if (step.Transformer is IScanTransformerChain inner)
            {
                flat.AddRange(inner.Steps.Select(s => s with { Scope = s.Scope & step.Scope }).Where(s => s.Scope != 0));
            }
            else
            {
                flat.Add(step);
            }
        }

        _steps = [.. flat];
        LandmarkNames = landmarkNames;
        LastTransformer = _steps.Length == 0
            ? null!
            : _steps[^1].Transformer as TLast ?? throw new ArgumentException($"The last step is a {_steps[^1].Transformer.GetType().Name}, not a {typeof(TLast).Name}.", nameof(steps));
    }

    /// <summary>The last fitted step (the trained model when the pipeline ends with a trainer).</summary>
    public TLast LastTransformer { get; }

    /// <summary>The fitted steps and their scopes, in order.</summary>
    public IReadOnlyList<ScanChainStep> Steps => _steps;

    /// <summary>The landmark names of the data the chain was fitted on (saved in the model file).</summary>
    public IReadOnlyList<string> LandmarkNames { get; }

    /// <inheritdoc/>
    string IScanTransformer.StepTypeName => ChainStepTypeName;

    /// <inheritdoc/>
    int IScanTransformer.StepVersion => 1;

    /// <summary>Returns a lazy view that runs the steps whose scope includes <see cref="StepScope.Evaluation"/> (what
    /// evaluating a fitted model needs: training-only steps such as random crops are skipped).</summary>
    /// <param name="input">The data to transform.</param>
    /// <returns>The transformed view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public ScanDataView Transform(ScanDataView input) => Transform(input, StepScope.Evaluation);

    /// <summary>Returns a lazy view that runs the steps whose scope includes <paramref name="phase"/>.</summary>
    /// <param name="input">The data to transform.</param>
    /// <param name="phase">The phase to run.</param>
    /// <returns>The transformed view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public ScanDataView Transform(ScanDataView input, StepScope phase)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.AppendSteps(_steps, phase);
    }

    /// <summary>Transforms one row with the steps whose scope includes <see cref="StepScope.Evaluation"/>.</summary>
    /// <param name="row">The row.</param>
    /// <param name="context">The row context.</param>
    /// <returns>The transformed row.</returns>
    public ScanRow TransformRow(ScanRow row, ScanRowContext context) => TransformRow(row, context, StepScope.Evaluation);

    /// <summary>Transforms one row with the steps whose scope includes <paramref name="phase"/>.</summary>
    /// <param name="row">The row.</param>
    /// <param name="context">The row context.</param>
    /// <param name="phase">The phase to run.</param>
    /// <returns>The transformed row.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PipelineStepException">A step failed; the inner exception says why.</exception>
    public ScanRow TransformRow(ScanRow row, ScanRowContext context, StepScope phase)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(context);
        foreach (ScanChainStep step in _steps)
        {
            if ((step.Scope & phase) != 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                row = ScanDataView.RunStep(step.Transformer, row, context);
            }
        }

        return row;
    }

    /// <summary>Chains are not saved as a single step; save them with <see cref="ScanModelCatalog.Save(IScanTransformer, string, IReadOnlyList{string}?)"/>.</summary>
    /// <param name="context">Unused.</param>
    /// <exception cref="InvalidOperationException">Always.</exception>
    void IScanTransformer.Save(ScanStepSaveContext context) =>
        throw new InvalidOperationException("A transformer chain is saved step by step; use ml.Model.Save(chain, path).");

    /// <inheritdoc/>
    public IEnumerator<IScanTransformer> GetEnumerator() => _steps.Select(s => s.Transformer).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
