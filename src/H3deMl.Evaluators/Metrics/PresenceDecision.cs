using H3deMl.Core.Geometry;

namespace H3deMl;

/// <summary>The model's presence decision for one landmark of one case, next to the truth (DECISIONS.md §6).</summary>
/// <remarks>With the probabilities of every decision, a presence threshold can be chosen on a validation set (e.g. the
/// one that maximises F1) without running the model again.</remarks>
/// <param name="CaseId">The case.</param>
/// <param name="Landmark">The landmark name.</param>
/// <param name="IsPresentInTruth">Whether the landmark is present in the ground truth.</param>
/// <param name="IsPredictedPresent">The model's decision.</param>
/// <param name="PresenceProbability">The model's presence probability in [0, 1] (NaN when it gave none).</param>
/// <param name="TruthLps">The ground-truth position, LPS mm (NaN or meaningless when missing in the truth).</param>
/// <param name="PredictedLps">The predicted position, LPS mm (NaN when the model gave none).</param>
public sealed record PresenceDecision(
    string CaseId,
    string Landmark,
    bool IsPresentInTruth,
    bool IsPredictedPresent,
    double PresenceProbability,
    Vector3d TruthLps,
    Vector3d PredictedLps)
{
    /// <summary>Missing in the truth but predicted present.</summary>
    public bool IsFalsePositive => !IsPresentInTruth && IsPredictedPresent;

    /// <summary>Present in the truth but predicted absent.</summary>
    public bool IsFalseNegative => IsPresentInTruth && !IsPredictedPresent;
}
