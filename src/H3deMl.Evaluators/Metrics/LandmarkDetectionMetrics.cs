using H3deMl.Evaluators;

namespace H3deMl;

/// <summary>The result of evaluating landmark predictions against ground truth (<c>ml.Landmarks.Evaluate(…)</c>), as
/// ML.NET's <c>RegressionMetrics</c> is of <c>ml.Regression.Evaluate(…)</c>.</summary>
/// <remarks>
/// <para>Errors are Euclidean distances in LPS world millimetres of the original scan (DECISIONS.md §7), so spacing and
/// orientation are always accounted for. A landmark instance is <em>measured</em> when it is present in the ground truth
/// and the model gave it a finite position; by default this includes landmarks the model declared absent
/// (<see cref="LandmarkEvaluationOptions.MeasurePredictedAbsent"/>), whose wrong decision also counts as a false negative
/// in <see cref="Presence"/>. Landmarks missing in the ground truth are never measured; they count only in
/// <see cref="Presence"/> (a true negative, or a false positive when predicted present).</para>
/// <para><see cref="MreMm"/> and <see cref="MreSdMm"/> follow the paper: the mean over cases of each case's mean error,
/// and the sample standard deviation (n − 1) of those case means; cases with nothing measured are left out.
/// <see cref="InstanceMreMm"/> and <see cref="InstanceSdMm"/> pool every measured instance. <see cref="Sdr"/> is over
/// instances, a hit being <c>error ≤ threshold</c>.</para>
/// <para>Landmarks are matched between the label and score columns by name; those only one column has are listed in
/// <see cref="UnmatchedLabelLandmarks"/> and <see cref="UnmatchedScoreLandmarks"/> and not evaluated.</para>
/// <para><see cref="ToString"/> prints a fixed-width table; <see cref="WriteCasesCsv(TextWriter)"/>,
/// <see cref="WriteLandmarksCsv(TextWriter)"/> and <see cref="WriteErrorsCsv(TextWriter)"/> export the tables, and
/// <see cref="PerCaseTable"/>, <see cref="PerLandmarkTable"/> and <see cref="ErrorTable"/> return them as
/// <c>DataFrame</c>s.</para>
/// </remarks>
public sealed partial class LandmarkDetectionMetrics
{
    internal LandmarkDetectionMetrics(
        IReadOnlyList<double> thresholdsMm,
        IReadOnlyList<CaseMetrics> cases,
        IReadOnlyList<PerLandmarkMetrics> landmarks,
        IReadOnlyList<LandmarkError> errors,
        IReadOnlyList<PresenceDecision> presenceDecisions,
        PresenceMetrics presence,
        IReadOnlyList<string> unmatchedLabelLandmarks,
        IReadOnlyList<string> unmatchedScoreLandmarks)
    {
        UnmatchedLabelLandmarks = unmatchedLabelLandmarks;
        UnmatchedScoreLandmarks = unmatchedScoreLandmarks;
        ThresholdsMm = thresholdsMm;
        Cases = cases;
        Landmarks = landmarks;
        Errors = errors;
        PresenceDecisions = presenceDecisions;
        Presence = presence;
        double[] caseMeans = [.. cases.Where(c => c.LandmarkCount > 0).Select(c => c.MreMm)];
        double[] instanceErrors = [.. errors.Select(e => e.ErrorMm)];
        MreMm = ErrorStatistics.Mean(caseMeans);
        MreSdMm = ErrorStatistics.SampleStandardDeviation(caseMeans);
        InstanceMreMm = ErrorStatistics.Mean(instanceErrors);
        InstanceSdMm = ErrorStatistics.SampleStandardDeviation(instanceErrors);
        Sdr = ErrorStatistics.SuccessRates(instanceErrors, thresholdsMm);
    }

    /// <summary>The number of cases evaluated.</summary>
    public int CaseCount => Cases.Count;

    /// <summary>The number of landmark instances measured (present in the truth and given a position), over all cases.</summary>
    public int LandmarkCount => Errors.Count;

    /// <summary>The mean radial error in mm, per case: the mean over cases of each case's mean error (the paper's
    /// convention); NaN when nothing was measured.</summary>
    public double MreMm { get; }

    /// <summary>The sample standard deviation (n − 1) of the per-case mean errors in mm (the paper's "± SD"); NaN for fewer
    /// than two cases with measurements.</summary>
    public double MreSdMm { get; }

    /// <summary>The mean radial error in mm over all measured landmark instances; NaN when there are none.</summary>
    public double InstanceMreMm { get; }

    /// <summary>The sample standard deviation (n − 1) of all instance errors in mm; NaN for fewer than two.</summary>
    public double InstanceSdMm { get; }

    /// <summary>The SDR thresholds in mm, ascending.</summary>
    public IReadOnlyList<double> ThresholdsMm { get; }

    /// <summary>The success detection rate for each threshold (mm → fraction in [0, 1] of measured instances with
    /// error ≤ threshold); NaN when nothing was measured.</summary>
    public IReadOnlyDictionary<double, double> Sdr { get; }

    /// <summary>The metrics of each case (row), in the data's order.</summary>
    public IReadOnlyList<CaseMetrics> Cases { get; }

    /// <summary>The metrics of each landmark evaluated (those both columns have), in the label column's order.</summary>
    public IReadOnlyList<PerLandmarkMetrics> Landmarks { get; }

    /// <summary>Landmarks of the label column that the score column does not have (not evaluated).</summary>
    public IReadOnlyList<string> UnmatchedLabelLandmarks { get; }

    /// <summary>Landmarks of the score column that the label column does not have (not evaluated).</summary>
    public IReadOnlyList<string> UnmatchedScoreLandmarks { get; }

    /// <summary>The presence decisions over every landmark of every case.</summary>
    public PresenceMetrics Presence { get; }

    /// <summary>The presence decision for every landmark of every case (measured or not), case by case in the label
    /// column's order; the material for choosing a presence threshold.</summary>
    public IReadOnlyList<PresenceDecision> PresenceDecisions { get; }

    /// <summary>Every measured landmark instance, case by case in the label column's order.</summary>
    public IReadOnlyList<LandmarkError> Errors { get; }

    /// <summary>The fraction of measured instances with error ≤ <paramref name="thresholdMm"/>, for any threshold (e.g. to
    /// draw an SDR curve); NaN when nothing was measured.</summary>
    /// <param name="thresholdMm">The threshold in mm.</param>
    /// <returns>The fraction in [0, 1].</returns>
    public double SuccessRate(double thresholdMm)
    {
        if (Errors.Count == 0)
        {
            return double.NaN;
        }

        int hits = 0;
        foreach (LandmarkError e in Errors)
        {
            if (e.ErrorMm <= thresholdMm)
            {
                hits++;
            }
        }

        return (double)hits / Errors.Count;
    }
}
