namespace H3deMl.Evaluators;

/// <summary>Options of landmark evaluation (<see cref="LandmarkEvaluator"/>).</summary>
public sealed record LandmarkEvaluationOptions
{
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
    /// <exception cref="ArgumentNullException"><see cref="SdrThresholdsMm"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is not finite and positive.</exception>
    public void Validate()
    {
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
    }

    /// <summary>The thresholds, sorted and without duplicates.</summary>
    internal double[] SortedThresholds() => [.. SdrThresholdsMm.Distinct().Order()];
}
