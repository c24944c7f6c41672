using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>Training data from a fitted chain: its transformers applied one by one, as <c>EstimatorChain.Fit</c> feeds
/// each estimator (ML.NET's <c>TransformerChain.Transform</c> runs only the scoring-scope ones).</summary>
internal static class TrainingData
{
    public static IDataView Apply(IEnumerable<ITransformer> chain, IDataView data) => chain.Aggregate(data, (view, t) => t.Transform(view));
}
