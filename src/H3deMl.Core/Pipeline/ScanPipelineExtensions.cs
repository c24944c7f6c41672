namespace H3deMl.Core.Pipeline;

/// <summary>Starts estimator chains: <c>ml.Transforms.LoadVolume().Append(ml.Transforms.NormalizeIntensity(…))</c>.</summary>
public static class ScanPipelineExtensions
{
    /// <summary>Creates a chain of <paramref name="first"/> (which runs in every phase) followed by <paramref name="next"/>.</summary>
    /// <typeparam name="TFirst">The transformer type of the first estimator.</typeparam>
    /// <typeparam name="TNext">The transformer type of the next estimator.</typeparam>
    /// <param name="first">The first estimator.</param>
    /// <param name="next">The estimator appended after it.</param>
    /// <param name="scope">When <paramref name="next"/>'s fitted step runs; default every phase.</param>
    /// <returns>The chain.</returns>
    /// <exception cref="ArgumentNullException">An estimator is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scope"/> has no phase.</exception>
    public static ScanEstimatorChain<TNext> Append<TFirst, TNext>(this IScanEstimator<TFirst> first, IScanEstimator<TNext> next, StepScope scope = StepScope.Everything)
        where TFirst : class, IScanTransformer
        where TNext : class, IScanTransformer
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(next);
        CheckScope(scope);
        return new ScanEstimatorChain<TNext>([(first, StepScope.Everything), (next, scope)]);
    }

    /// <summary>Creates a one-estimator chain whose step runs only in the given phases.</summary>
    /// <typeparam name="TTransformer">The transformer type.</typeparam>
    /// <param name="estimator">The estimator.</param>
    /// <param name="scope">When its fitted step runs.</param>
    /// <returns>The chain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="estimator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scope"/> has no phase.</exception>
    public static ScanEstimatorChain<TTransformer> WithScope<TTransformer>(this IScanEstimator<TTransformer> estimator, StepScope scope)
        where TTransformer : class, IScanTransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        CheckScope(scope);
        return new ScanEstimatorChain<TTransformer>([(estimator, scope)]);
    }

    internal static void CheckScope(StepScope scope)
    {
        if ((scope & StepScope.Everything) == 0 || (scope & ~StepScope.Everything) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "The scope must be a combination of Training, Evaluation and Scoring.");
        }
    }
}
