using H3deMl.Core.Data;

namespace H3deMl.Core.Pipeline;

/// <summary>An ordered list of estimators, each with the phases its fitted step runs in; fitting it fits each estimator on
/// the training data as transformed by the steps before it.</summary>
/// <typeparam name="TLast">The transformer type of the last estimator.</typeparam>
/// <remarks>Create one with <see cref="ScanPipelineExtensions.Append{TFirst, TNext}"/> on any estimator. Chains are
/// immutable: <see cref="Append{TNext}"/> returns a new chain.</remarks>
public sealed class ScanEstimatorChain<TLast> : IScanEstimator<ScanTransformerChain<TLast>>
    where TLast : class, IScanTransformer
{
    private readonly (IScanEstimator<IScanTransformer> Estimator, StepScope Scope)[] _estimators;

    internal ScanEstimatorChain((IScanEstimator<IScanTransformer> Estimator, StepScope Scope)[] estimators) => _estimators = estimators;

    /// <summary>The estimators and their scopes, in order.</summary>
    public IReadOnlyList<(IScanEstimator<IScanTransformer> Estimator, StepScope Scope)> Estimators => _estimators;

    /// <summary>A chain with one more estimator at the end.</summary>
    /// <typeparam name="TNext">The transformer type of the new estimator.</typeparam>
    /// <param name="estimator">The estimator.</param>
    /// <param name="scope">When its fitted step runs; default every phase. <see cref="StepScope.Training"/> alone marks a
    /// training-only step (random crop, augmentation, target encoding).</param>
    /// <returns>The new chain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="estimator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scope"/> has no phase.</exception>
    public ScanEstimatorChain<TNext> Append<TNext>(IScanEstimator<TNext> estimator, StepScope scope = StepScope.Everything)
        where TNext : class, IScanTransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ScanPipelineExtensions.CheckScope(scope);
        return new ScanEstimatorChain<TNext>([.. _estimators, (estimator, scope)]);
    }

    /// <summary>Fits every estimator in order.</summary>
    /// <remarks>Estimator n is fitted on the input transformed by the fitted steps 0..n−1 whose scope includes
    /// <see cref="StepScope.Training"/>; the view it receives also remembers the other steps (see
    /// <see cref="ScanDataView.ReplayStepsOn"/>).</remarks>
    /// <param name="input">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted chain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public ScanTransformerChain<TLast> Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fitted = new List<ScanChainStep>(_estimators.Length);
        ScanDataView current = input;
        foreach ((IScanEstimator<IScanTransformer> estimator, StepScope scope) in _estimators)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IScanTransformer transformer = estimator.Fit(current, cancellationToken);
            var step = new ScanChainStep(transformer, scope);
            fitted.Add(step);
            current = current.AppendSteps([step], StepScope.Training);
        }

        return new ScanTransformerChain<TLast>(fitted, input.LandmarkNames);
    }
}
