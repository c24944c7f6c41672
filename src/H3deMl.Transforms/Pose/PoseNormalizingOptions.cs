using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Pose;

/// <summary>Options of <c>NormalizePose</c>.</summary>
public sealed record PoseNormalizingOptions
{
    /// <summary>The isotropic spacing of the normalised grid, mm; null (default) for the reference scan's finest spacing.</summary>
    public double? SpacingMm { get; init; }

    /// <summary>Room left around the reference bone on each side, as a fraction of its extent; default 0.15.</summary>
    public double MarginFraction { get; init; } = 0.15;

    /// <summary>Whether scans are also scaled to the reference's size (a similarity transform, folded into the grid
    /// spacing, so world millimetres stay exact); default true. False aligns rigidly.</summary>
    public bool AllowScaling { get; init; } = true;

    /// <summary>The bone threshold in the scans' units; null (default) for Otsu's threshold of each scan.</summary>
    public double? BoneThreshold { get; init; }

    /// <summary>Bone surface points used per scan; default 6000.</summary>
    public int MaxSurfacePoints { get; init; } = 6000;

    /// <summary>Rolls about the long axis tried as starting poses (the roll of an elongated bone is ambiguous); default 12.</summary>
    public int RollStarts { get; init; } = 12;

    /// <summary>What voxels outside the scan are filled with; default the scan's minimum (its background).</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.VolumeMinimum;

    /// <summary>The value for <see cref="PaddingMode.Constant"/>.</summary>
    public float PaddingValue { get; init; }

    internal void Validate()
    {
        if (SpacingMm is { } s && !(s > 0 && double.IsFinite(s)))
        {
            throw new ArgumentOutOfRangeException(nameof(SpacingMm), s, "SpacingMm must be positive and finite.");
        }

        if (!(MarginFraction >= 0 && MarginFraction <= 2))
        {
            throw new ArgumentOutOfRangeException(nameof(MarginFraction), MarginFraction, "MarginFraction must be in [0, 2].");
        }

        if (BoneThreshold is { } t && !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(BoneThreshold), t, "BoneThreshold must be finite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSurfacePoints, 100, nameof(MaxSurfacePoints));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSurfacePoints, 200_000, nameof(MaxSurfacePoints));
        ArgumentOutOfRangeException.ThrowIfLessThan(RollStarts, 1, nameof(RollStarts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RollStarts, 360, nameof(RollStarts));
        if (!Enum.IsDefined(Padding))
        {
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "Unknown padding mode.");
        }
    }
}
