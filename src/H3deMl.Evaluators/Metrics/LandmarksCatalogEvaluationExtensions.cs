using H3deMl.Core.MLNet;
using H3deMl.Evaluators;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl;

/// <summary>Adds evaluation to the landmarks catalog: <c>ml.Landmarks.Evaluate(model.Transform(test))</c>.</summary>
public static class LandmarksCatalogEvaluationExtensions
{
    /// <summary>Evaluates the predicted landmarks of a data view against its ground truth: MRE, SDR, per-landmark and
    /// per-case tables, presence detection (see <see cref="LandmarkDetectionMetrics"/>).</summary>
    /// <remarks>
    /// <para>The label and score columns hold 3 Single per landmark (L, P, S world millimetres of the original scan, NaN
    /// where missing), so errors are true millimetres whatever crops and resampling the pipeline applied (DECISIONS.md §7).
    /// Their landmarks are matched by name (slot names "Name.L", "Name.P", "Name.S"; a column without slot names has the
    /// names "1", "2", …); landmarks only one column has are listed in
    /// <see cref="LandmarkDetectionMetrics.UnmatchedLabelLandmarks"/> or <see cref="LandmarkDetectionMetrics.UnmatchedScoreLandmarks"/>.</para>
    /// <para>Also read when present: the presence columns (<paramref name="presenceProbabilitiesColumnName"/>: one Single
    /// per landmark of the score column; <paramref name="presenceDecisionsColumnName"/>: one Boolean per landmark — without
    /// it, a landmark with a finite predicted position counts as predicted present), <c>Id</c> (text; the case names, else
    /// <c>ScanPath</c>, else "row N") and <c>Volume</c> (<see cref="VolumeDataViewType"/>; errors are then also expressed in
    /// its voxels, <see cref="LandmarkError.ErrorVoxels"/>). The view is read once, one row at a time.</para>
    /// </remarks>
    /// <param name="catalog">The catalog (<c>ml.Landmarks</c>).</param>
    /// <param name="data">The scored data, e.g. <c>model.Transform(test)</c>.</param>
    /// <param name="labelColumnName">The ground-truth column.</param>
    /// <param name="scoreColumnName">The predicted-landmark column.</param>
    /// <param name="presenceProbabilitiesColumnName">The presence probabilities column (optional in the data).</param>
    /// <param name="presenceDecisionsColumnName">The presence decisions column (optional in the data).</param>
    /// <param name="cancellationToken">Cancels the evaluation, and the pipeline steps computing the rows.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The label or score column is missing, or a column read is of the wrong
    /// type (the message names the column).</exception>
    /// <exception cref="ArgumentException">The label and score columns share no landmark name (the message lists both), or
    /// one names a landmark twice.</exception>
    /// <exception cref="ScanStepException">A pipeline step failed on a row.</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    public static LandmarkDetectionMetrics Evaluate(
        this LandmarksCatalog catalog,
        IDataView data,
        string labelColumnName = ScanColumnNames.Landmarks,
        string scoreColumnName = ScanColumnNames.PredictedLandmarks,
        string presenceProbabilitiesColumnName = ScanColumnNames.PresenceProbabilities,
        string presenceDecisionsColumnName = ScanColumnNames.PresenceDecisions,
        CancellationToken cancellationToken = default) =>
        Evaluate(
            catalog,
            data,
            new LandmarkEvaluationOptions
            {
                LabelColumnName = labelColumnName,
                ScoreColumnName = scoreColumnName,
                PresenceProbabilitiesColumnName = presenceProbabilitiesColumnName,
                PresenceDecisionsColumnName = presenceDecisionsColumnName,
            },
            cancellationToken);

    /// <summary>Evaluates the predicted landmarks of a data view against its ground truth, with options: the columns,
    /// the SDR thresholds, a presence threshold (see
    /// <see cref="Evaluate(LandmarksCatalog, IDataView, string, string, string, string, CancellationToken)"/>).</summary>
    /// <param name="catalog">The catalog (<c>ml.Landmarks</c>).</param>
    /// <param name="data">The scored data, e.g. <c>model.Transform(test)</c>.</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels the evaluation, and the pipeline steps computing the rows.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, the label or score column is missing, a
    /// column read is of the wrong type (the message names the column), or a presence threshold is given without a
    /// probabilities column.</exception>
    /// <exception cref="ArgumentException">The label and score columns share no landmark name (the message lists both), or
    /// one names a landmark twice.</exception>
    /// <exception cref="ScanStepException">A pipeline step failed on a row.</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    public static LandmarkDetectionMetrics Evaluate(this LandmarksCatalog catalog, IDataView data, LandmarkEvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var columns = EvaluationColumns.Bind(data.Schema, options);
        var evaluator = new LandmarkEvaluator(columns.Match.Names, options);
        cancellationToken.ThrowIfCancellationRequested();
        using (ScanCancellation.Use(cancellationToken))
        using (DataViewRowCursor cursor = data.GetRowCursor(columns.All))
        {
            var reader = new EvaluationRowReader(cursor, columns, options);
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                evaluator.Add(reader.Read());
            }
        }

        return evaluator.ToMetrics(columns.Match.LabelOnly, columns.Match.ScoreOnly);
    }
}
