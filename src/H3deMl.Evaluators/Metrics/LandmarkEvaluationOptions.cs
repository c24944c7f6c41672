namespace H3deMl;

/// <summary>Options of landmark evaluation (<c>ml.Landmarks.Evaluate(data, options)</c>): the columns read and how the
/// landmarks are scored.</summary>
public sealed record LandmarkEvaluationOptions
{
    /// <summary>The ground-truth column: 3 floats per landmark (L, P, S world millimetres), NaN where missing, slot names
    /// "Name.L", "Name.P", "Name.S". Default <see cref="ScanColumnNames.Landmarks"/>.</summary>
    public string LabelColumnName { get; init; } = ScanColumnNames.Landmarks;

    /// <summary>The predicted-landmark column, laid out as the label column (landmarks are matched to the label's by
    /// name). Default <see cref="ScanColumnNames.PredictedLandmarks"/>.</summary>
    public string ScoreColumnName { get; init; } = ScanColumnNames.PredictedLandmarks;

    /// <summary>The presence probabilities (one Single per landmark of the score column, in its order); read when the
    /// data has it. Default <see cref="ScanColumnNames.PresenceProbabilities"/>.</summary>
    public string PresenceProbabilitiesColumnName { get; init; } = ScanColumnNames.PresenceProbabilities;

    /// <summary>The presence decisions (one Boolean per landmark of the score column, in its order); read when the data
    /// has it and <see cref="PresenceThreshold"/> is null. Default <see cref="ScanColumnNames.PresenceDecisions"/>.</summary>
    public string PresenceDecisionsColumnName { get; init; } = ScanColumnNames.PresenceDecisions;

    /// <summary>A presence threshold in [0, 1] that replaces the model's decisions: a landmark is predicted present when
    /// its probability is at or above it (the probabilities column must then exist). Null (the default) uses the
    /// decisions column, or, without one, predicts present every landmark given a finite position.</summary>
    public double? PresenceThreshold { get; init; }

    /// <summary>The success-detection-rate thresholds in millimetres; a landmark is a hit when its error is at or below the
    /// threshold (DECISIONS.md §7). Each must be finite and positive; duplicates are removed and the list is sorted.
    /// Default 2, 2.5, 3 and 4 mm (the paper's).</summary>
    public IReadOnlyList<double> SdrThresholdsMm { get; init; } = [2.0, 2.5, 3.0, 4.0];

    /// <summary>Whether a landmark that is present in the ground truth but that the model declared absent still counts in
    /// MRE and SDR when the model gave it a position. Default true: its position exists and is measured, and the wrong
    /// presence decision is scored separately as a false negative (DECISIONS.md §6). False measures only landmarks
    /// both present in the truth and predicted present.</summary>
    public bool MeasurePredictedAbsent { get; init; } = true;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentNullException">A column name or <see cref="SdrThresholdsMm"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is not finite and positive, or
    /// <see cref="PresenceThreshold"/> is outside [0, 1].</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(LabelColumnName, nameof(LabelColumnName));
        ArgumentNullException.ThrowIfNull(ScoreColumnName, nameof(ScoreColumnName));
        ArgumentNullException.ThrowIfNull(PresenceProbabilitiesColumnName, nameof(PresenceProbabilitiesColumnName));
        ArgumentNullException.ThrowIfNull(PresenceDecisionsColumnName, nameof(PresenceDecisionsColumnName));
        if (SdrThresholdsMm is null)
        {
            throw new ArgumentNullException(nameof(SdrThresholdsMm));
        }

        foreach (double t in SdrThresholdsMm)
        {
            if (!double.IsFinite(t) || t <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(SdrThresholdsMm), t, "Every SDR threshold must be a finite, positive number of millimetres.");
            }
        }

        if (PresenceThreshold is double p && !(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PresenceThreshold), p, "The presence threshold must be a probability in [0, 1].");
        }
    }

    /// <summary>The thresholds, sorted and without duplicates.</summary>
    internal double[] SortedThresholds() => [.. SdrThresholdsMm.Distinct().Order()];
}
