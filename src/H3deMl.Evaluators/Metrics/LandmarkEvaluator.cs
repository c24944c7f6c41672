using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;

namespace H3deMl.Evaluators;

/// <summary>Computes <see cref="LandmarkMetrics"/> from ground truth and predictions in LPS world millimetres
/// (DECISIONS.md §6 and §7). <c>ml.Landmarks.Evaluate(view)</c> is the pipeline entry point; this class also works
/// without a view.</summary>
/// <remarks>
/// Predicted landmarks are matched to the ground truth by name. For every ground-truth landmark:
/// <list type="bullet">
/// <item>present in the truth: measured (Euclidean distance in mm) when the prediction has a finite position — also when
/// the model declared it absent, unless <see cref="LandmarkEvaluationOptions.MeasurePredictedAbsent"/> is false —
/// and scored as a true positive (predicted present) or false negative (predicted absent);</item>
/// <item>missing in the truth: never measured; a false positive when predicted present, a true negative otherwise.</item>
/// </list>
/// Predicted landmarks whose name is not in the truth are ignored.
/// </remarks>
public static class LandmarkEvaluator
{
    /// <summary>Evaluates a set of cases.</summary>
    /// <param name="cases">The cases; each case's truth and prediction are LPS mm of the same original scan.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the enumeration of <paramref name="cases"/>.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cases"/> or a case is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A prediction lacks a landmark of the truth, or a set names a landmark twice
    /// (the message names the case and the landmark).</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    public static LandmarkMetrics Evaluate(IEnumerable<LandmarkEvaluationCase> cases, LandmarkEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        options ??= new LandmarkEvaluationOptions();
        options.Validate();
        double[] thresholds = options.SortedThresholds();
        var caseMetrics = new List<CaseMetrics>();
        var errors = new List<LandmarkError>();
        var decisions = new List<PresenceDecision>();
        var byLandmark = new Dictionary<string, LandmarkTally>(StringComparer.Ordinal);
        var landmarkOrder = new List<string>();
        PresenceMetrics presence = PresenceMetrics.Empty;
        foreach (LandmarkEvaluationCase c in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(c, nameof(cases));
            CaseMetrics m = EvaluateCase(c, options, thresholds);
            caseMetrics.Add(m);
            errors.AddRange(m.Errors);
            presence = Add(presence, m.Presence);
            decisions.AddRange(m.PresenceDecisions);
            foreach (PresenceDecision d in m.PresenceDecisions)
            {
                if (!byLandmark.TryGetValue(d.Landmark, out LandmarkTally? tally))
                {
                    tally = new LandmarkTally();
                    byLandmark.Add(d.Landmark, tally);
                    landmarkOrder.Add(d.Landmark);
                }

                tally.Presence = tally.Presence.Add(d.IsPresentInTruth, d.IsPredictedPresent);
            }

            foreach (LandmarkError e in m.Errors)
            {
                byLandmark[e.Landmark].ErrorsMm.Add(e.ErrorMm);
            }
        }

        PerLandmarkMetrics[] landmarks = [.. landmarkOrder.Select(name =>
        {
            LandmarkTally t = byLandmark[name];
            return new PerLandmarkMetrics(
                name,
                t.ErrorsMm.Count,
                ErrorStatistics.Mean(t.ErrorsMm),
                ErrorStatistics.SampleStandardDeviation(t.ErrorsMm),
                ErrorStatistics.SuccessRates(t.ErrorsMm, thresholds),
                t.Presence);
        })];
        return new LandmarkMetrics(thresholds, caseMetrics, landmarks, errors, decisions, presence);
    }

    /// <summary>Evaluates a set of cases given as tuples (see <see cref="Evaluate(IEnumerable{LandmarkEvaluationCase}, LandmarkEvaluationOptions?, CancellationToken)"/>).</summary>
    /// <param name="cases">The cases: id, ground truth, prediction and the original scan's geometry (or null).</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="cases"/> or a member of a case is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A prediction lacks a landmark of the truth, or a set names a landmark twice.</exception>
    /// <exception cref="OperationCanceledException">The evaluation was cancelled.</exception>
    public static LandmarkMetrics Evaluate(
        IEnumerable<(string CaseId, LandmarkSet Truth, LandmarkPrediction Prediction, VolumeGeometry? Geometry)> cases,
        LandmarkEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return Evaluate(cases.Select(c => new LandmarkEvaluationCase(c.CaseId, c.Truth, c.Prediction, c.Geometry)), options, cancellationToken);
    }

    private static CaseMetrics EvaluateCase(LandmarkEvaluationCase c, LandmarkEvaluationOptions options, double[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(c.CaseId, nameof(c.CaseId));
        ArgumentNullException.ThrowIfNull(c.Truth, nameof(c.Truth));
        ArgumentNullException.ThrowIfNull(c.Prediction, nameof(c.Prediction));
        ArgumentNullException.ThrowIfNull(c.Prediction.Landmarks, nameof(c.Prediction.Landmarks));
        Dictionary<string, int> predictedIndex = IndexByName(c.CaseId, c.Prediction.Landmarks, "prediction");
        IndexByName(c.CaseId, c.Truth, "ground truth");
        var errors = new List<LandmarkError>();
        var decisions = new List<PresenceDecision>();
        PresenceMetrics presence = PresenceMetrics.Empty;
        foreach (Landmark truth in c.Truth.Landmarks)
        {
            if (!predictedIndex.TryGetValue(truth.Name, out int p))
            {
                throw new ArgumentException(
                    $"Case '{c.CaseId}': the prediction has no landmark named '{truth.Name}' (it has: {string.Join(", ", c.Prediction.Landmarks.Names)}); the model and the dataset must use the same landmark names.",
                    nameof(c));
            }

            Landmark predicted = c.Prediction.Landmarks[p];
            double probability = p < c.Prediction.PresenceProbabilities?.Count ? c.Prediction.PresenceProbabilities[p] : double.NaN;
            presence = presence.Add(truth.IsPresent, predicted.IsPresent);
            decisions.Add(new PresenceDecision(c.CaseId, truth.Name, truth.IsPresent, predicted.IsPresent, probability, truth.PositionLps, predicted.PositionLps));
            if (!truth.IsPresent || !predicted.PositionLps.IsFinite || (!predicted.IsPresent && !options.MeasurePredictedAbsent))
            {
                continue;
            }

            Vector3d delta = predicted.PositionLps - truth.PositionLps;
            Vector3d? deltaVoxels = c.Geometry is null ? null : c.Geometry.WorldToIndex(predicted.PositionLps) - c.Geometry.WorldToIndex(truth.PositionLps);
            errors.Add(new LandmarkError(c.CaseId, truth.Name, truth.PositionLps, predicted.PositionLps, delta.Length, delta, deltaVoxels, predicted.IsPresent, probability));
        }

        double[] errorsMm = [.. errors.Select(e => e.ErrorMm)];
        return new CaseMetrics(
            c.CaseId,
            errors.Count,
            ErrorStatistics.Mean(errorsMm),
            ErrorStatistics.SampleStandardDeviation(errorsMm),
            ErrorStatistics.SuccessRates(errorsMm, thresholds),
            presence,
            errors,
            decisions);
    }

    private static Dictionary<string, int> IndexByName(string caseId, LandmarkSet set, string what)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 0; n < set.Count; n++)
        {
            if (!index.TryAdd(set[n].Name, n))
            {
                throw new ArgumentException($"Case '{caseId}': the {what} names the landmark '{set[n].Name}' twice; landmarks are matched by name.", "cases");
            }
        }

        return index;
    }

    private static PresenceMetrics Add(PresenceMetrics a, PresenceMetrics b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.TrueNegatives + b.TrueNegatives, a.FalseNegatives + b.FalseNegatives);

    private sealed class LandmarkTally
    {
        public List<double> ErrorsMm { get; } = [];

        public PresenceMetrics Presence { get; set; } = PresenceMetrics.Empty;
    }
}
