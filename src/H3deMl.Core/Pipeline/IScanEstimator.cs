using H3deMl.Core.Data;

namespace H3deMl.Core.Pipeline;

/// <summary>An unfitted pipeline step: learns what it needs from a dataset and returns the fitted transformer.</summary>
/// <typeparam name="TTransformer">The transformer type it produces.</typeparam>
/// <remarks>Steps that learn nothing (cropping, normalisation with fixed parameters) return their transformer at once
/// without enumerating the data. Options are validated in the estimator's constructor, so a bad value fails when the
/// pipeline is built.</remarks>
public interface IScanEstimator<out TTransformer>
    where TTransformer : class, IScanTransformer
{
    /// <summary>Fits the step.</summary>
    /// <param name="input">The training data, as transformed by the preceding steps.</param>
    /// <param name="cancellationToken">Cancels a long fit (training).</param>
    /// <returns>The fitted transformer.</returns>
    TTransformer Fit(ScanDataView input, CancellationToken cancellationToken = default);
}
