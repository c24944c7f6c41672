namespace H3deMl;

/// <summary>Weights of the anchor-loss terms (H3DE-NET.md §4.3; defaults are the reference's).</summary>
public sealed record AnchorLossWeights
{
    /// <summary>Weight of the BCE of the other landmarks' logits at positive (cell, anchor) pairs; null means 1/(N − 1) (the reference's 1/13 for 14 landmarks).</summary>
    public double? OtherClasses { get; init; }

    /// <summary>Weight of the hard negatives mined for missing landmarks. Default 0.2.</summary>
    public double HardNegatives { get; init; } = 0.2;

    /// <summary>Hard negatives per missing landmark and anchor. Default 256 (so 4 × 256 per missing landmark).</summary>
    public int HardNegativesPerAnchor { get; init; } = 256;

    /// <summary>Weight of the background BCE over every class logit. Default 0.001.</summary>
    public double Background { get; init; } = 0.001;

    /// <summary>Weight of the Smooth-L1 offset regression. Default 1.</summary>
    public double Offsets { get; init; } = 1;
}
