namespace H3deMl.Transforms.Augmentation;

/// <summary>Options of <c>RandomFlip</c>: mirror the volume along array axes at random, renaming left/right landmarks
/// when the patient's left-right axis is mirrored.</summary>
public sealed record RandomFlipOptions
{
    /// <summary>Probability of mirroring along i, in [0, 1]; default 0.5.</summary>
    public double ProbabilityI { get; init; } = 0.5;

    /// <summary>Probability of mirroring along j, in [0, 1]; default 0.</summary>
    public double ProbabilityJ { get; init; }

    /// <summary>Probability of mirroring along k, in [0, 1]; default 0.</summary>
    public double ProbabilityK { get; init; }

    /// <summary>Name prefixes of left landmarks, matched pairwise with <see cref="RightNamePrefixes"/>; default "L_", "L".</summary>
    public IReadOnlyList<string> LeftNamePrefixes { get; init; } = ["L_", "L"];

    /// <summary>Name prefixes of right landmarks; default "R_", "R".</summary>
    public IReadOnlyList<string> RightNamePrefixes { get; init; } = ["R_", "R"];

    internal void Validate()
    {
        AugmentationChecks.Probability(ProbabilityI, nameof(ProbabilityI));
        AugmentationChecks.Probability(ProbabilityJ, nameof(ProbabilityJ));
        AugmentationChecks.Probability(ProbabilityK, nameof(ProbabilityK));
        if (LeftNamePrefixes is null || RightNamePrefixes is null || LeftNamePrefixes.Count != RightNamePrefixes.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(RightNamePrefixes), RightNamePrefixes?.Count, "LeftNamePrefixes and RightNamePrefixes must have the same number of entries.");
        }
    }
}
