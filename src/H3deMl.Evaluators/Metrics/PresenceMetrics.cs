using System.Globalization;

namespace H3deMl;

/// <summary>How well the model decides whether landmarks are present (DECISIONS.md §6): the positive class is "present".</summary>
/// <remarks>The truth is whether the ground-truth landmark has a position (not NaN); the decision is the model's
/// (the <c>PresenceDecisions</c> column: its presence probability at or above its threshold), see
/// <see cref="LandmarkEvaluationOptions.PresenceThreshold"/>.</remarks>
/// <param name="TruePositives">Present in the truth and predicted present.</param>
/// <param name="FalsePositives">Missing in the truth but predicted present.</param>
/// <param name="TrueNegatives">Missing in the truth and predicted absent.</param>
/// <param name="FalseNegatives">Present in the truth but predicted absent.</param>
public sealed record PresenceMetrics(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>The number of decisions scored.</summary>
    public int Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>TP / (TP + FP); NaN when nothing was predicted present.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); NaN when nothing is present in the truth.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; NaN when there is no positive at all.</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>(TP + TN) / count; NaN when nothing was scored.</summary>
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Count);

    /// <summary>Recall of the negative class, TN / (TN + FP): how many missing landmarks were recognised as missing; NaN when
    /// no landmark is missing in the truth.</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"TP {TruePositives}, FP {FalsePositives}, TN {TrueNegatives}, FN {FalseNegatives}; precision {Precision:F3}, recall {Recall:F3}, F1 {F1:F3}");

    internal static PresenceMetrics Empty { get; } = new(0, 0, 0, 0);

    /// <summary>This tally with one more decision.</summary>
    internal PresenceMetrics Add(bool truthPresent, bool predictedPresent) => (truthPresent, predictedPresent) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (false, false) => this with { TrueNegatives = TrueNegatives + 1 },
        (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
    };

    /// <summary>The sum of two tallies.</summary>
    internal PresenceMetrics Plus(PresenceMetrics other) => new(
        TruePositives + other.TruePositives,
        FalsePositives + other.FalsePositives,
        TrueNegatives + other.TrueNegatives,
        FalseNegatives + other.FalseNegatives);

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
