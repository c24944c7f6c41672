using H3deMl.Core.Geometry;

namespace H3deMl.Evaluators;

/// <summary>Accumulates <see cref="EvaluationCase"/>s into <see cref="LandmarkDetectionMetrics"/> (DECISIONS.md §6 and §7).</summary>
/// <remarks>
/// For every matched landmark of a case:
/// <list type="bullet">
/// <item>present in the truth: measured (Euclidean distance in mm) when the prediction has a finite position — also when
/// the model declared it absent, unless <see cref="LandmarkEvaluationOptions.MeasurePredictedAbsent"/> is false —
/// and scored as a true positive (predicted present) or false negative (predicted absent);</item>
/// <item>missing in the truth: never measured; a false positive when predicted present, a true negative otherwise.</item>
/// </list>
/// </remarks>
internal sealed class LandmarkEvaluator
{
    private readonly LandmarkEvaluationOptions _options;
    private readonly double[] _thresholds;
    private readonly IReadOnlyList<string> _names;
    private readonly List<CaseMetrics> _cases = [];
    private readonly List<LandmarkError> _errors = [];
    private readonly List<PresenceDecision> _decisions = [];
    private readonly List<double>[] _landmarkErrors;
    private readonly PresenceMetrics[] _landmarkPresence;
    private PresenceMetrics _presence = PresenceMetrics.Empty;

    /// <summary>Starts an evaluation of the given landmarks.</summary>
    /// <param name="names">The matched landmark names, in the order every case lists them.</param>
    /// <param name="options">The validated options.</param>
    public LandmarkEvaluator(IReadOnlyList<string> names, LandmarkEvaluationOptions options)
    {
        _names = names;
        _options = options;
        _thresholds = options.SortedThresholds();
        _landmarkErrors = [.. names.Select(_ => new List<double>())];
        _landmarkPresence = [.. names.Select(_ => PresenceMetrics.Empty)];
    }

    /// <summary>Adds one case; its landmarks must be the evaluator's names, in order.</summary>
    public void Add(EvaluationCase c)
    {
        var errors = new List<LandmarkError>();
        var decisions = new List<PresenceDecision>();
        PresenceMetrics presence = PresenceMetrics.Empty;
        for (int n = 0; n < c.Landmarks.Count; n++)
        {
            LandmarkObservation o = c.Landmarks[n];
            presence = presence.Add(o.IsPresentInTruth, o.IsPredictedPresent);
            _landmarkPresence[n] = _landmarkPresence[n].Add(o.IsPresentInTruth, o.IsPredictedPresent);
            decisions.Add(new PresenceDecision(c.CaseId, o.Name, o.IsPresentInTruth, o.IsPredictedPresent, o.PresenceProbability, o.TruthLps, o.PredictedLps));
            if (!o.IsPresentInTruth || !o.PredictedLps.IsFinite || (!o.IsPredictedPresent && !_options.MeasurePredictedAbsent))
            {
                continue;
            }

            Vector3d delta = o.PredictedLps - o.TruthLps;
            Vector3d? deltaVoxels = c.Geometry is null ? null : c.Geometry.WorldToIndex(o.PredictedLps) - c.Geometry.WorldToIndex(o.TruthLps);
            errors.Add(new LandmarkError(c.CaseId, o.Name, o.TruthLps, o.PredictedLps, delta.Length, delta, deltaVoxels, o.IsPredictedPresent, o.PresenceProbability));
            _landmarkErrors[n].Add(delta.Length);
        }

        double[] errorsMm = [.. errors.Select(e => e.ErrorMm)];
        _cases.Add(new CaseMetrics(
            c.CaseId,
            errors.Count,
            ErrorStatistics.Mean(errorsMm),
            ErrorStatistics.SampleStandardDeviation(errorsMm),
            ErrorStatistics.SuccessRates(errorsMm, _thresholds),
            presence,
            errors,
            decisions));
        _errors.AddRange(errors);
        _decisions.AddRange(decisions);
        _presence = _presence.Plus(presence);
    }

    /// <summary>The metrics of the cases added so far.</summary>
    /// <param name="unmatchedLabelLandmarks">Landmarks of the label column that the score column lacks.</param>
    /// <param name="unmatchedScoreLandmarks">Landmarks of the score column that the label column lacks.</param>
    public LandmarkDetectionMetrics ToMetrics(IReadOnlyList<string> unmatchedLabelLandmarks, IReadOnlyList<string> unmatchedScoreLandmarks)
    {
        PerLandmarkMetrics[] landmarks = [.. _names.Select((name, n) => new PerLandmarkMetrics(
            name,
            _landmarkErrors[n].Count,
            ErrorStatistics.Mean(_landmarkErrors[n]),
            ErrorStatistics.SampleStandardDeviation(_landmarkErrors[n]),
            ErrorStatistics.SuccessRates(_landmarkErrors[n], _thresholds),
            _landmarkPresence[n]))];
        return new LandmarkDetectionMetrics(_thresholds, _cases, landmarks, _errors, _decisions, _presence, unmatchedLabelLandmarks, unmatchedScoreLandmarks);
    }
}
