using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;

namespace H3deMl.Evaluators;

/// <summary>Adds evaluation to the landmarks catalog: <c>ml.Landmarks.Evaluate(model.Transform(test))</c>.</summary>
public static class LandmarksCatalogEvaluationExtensions
{
    /// <summary>Evaluates the predictions of a transformed dataset against its ground truth (MRE, SDR, per-landmark and
    /// per-case tables, presence detection; see <see cref="LandmarkMetrics"/>).</summary>
    /// <remarks>Each row must carry <see cref="ScanRow.Landmarks"/> (the ground truth) and <see cref="ScanRow.Prediction"/>
    /// (set by a trained model), both LPS millimetres of the original scan, so errors are in true millimetres whatever
    /// crops and resampling the pipeline applied (DECISIONS.md §7). The view is enumerated once, one row at a time.</remarks>
    /// <param name="catalog">The catalog (<c>ml.Landmarks</c>).</param>
    /// <param name="predictions">The dataset after the trained model, e.g. <c>model.Transform(test)</c>.</param>
    /// <param name="options">The options; null for the defaults (SDR at 2, 2.5, 3 and 4 mm).</param>
    /// <param name="cancellationToken">Cancels the evaluation (and the pipeline running under it).</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">A row has no ground truth or no prediction (the message names the case).</exception>
    /// <exception cref="ArgumentException">A prediction lacks a landmark of the truth.</exception>
    /// <exception cref="PipelineStepException">A pipeline step failed on a row.</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    public static LandmarkMetrics Evaluate(this LandmarksCatalog catalog, ScanDataView predictions, LandmarkEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(predictions);
        return LandmarkEvaluator.Evaluate(ToCases(predictions, cancellationToken), options, cancellationToken);
    }

    /// <summary>The evaluation cases of a transformed view (epoch 0, source order).</summary>
    internal static IEnumerable<LandmarkEvaluationCase> ToCases(ScanDataView predictions, CancellationToken cancellationToken)
    {
        foreach (ScanRow row in predictions.Enumerate(0, cancellationToken))
        {
            yield return ToCase(row);
        }
    }

    /// <summary>The evaluation case of one transformed row.</summary>
    internal static LandmarkEvaluationCase ToCase(ScanRow row)
    {
        if (row.Landmarks is null)
        {
            throw new InvalidOperationException(
                $"Case '{row.Id}' ({row.Source}) has no ground-truth landmarks; evaluation needs a labelled dataset (a landmark file beside each scan).");
        }

        if (row.Prediction is null)
        {
            throw new InvalidOperationException(
                $"Case '{row.Id}' has no prediction; evaluate the output of a trained model: ml.Landmarks.Evaluate(model.Transform(data)).");
        }

        return new LandmarkEvaluationCase(row.Id, row.Landmarks, row.Prediction, row.OriginalGeometry);
    }
}
