namespace H3deMl.Transforms.Targets;

/// <summary>Options of <c>EncodeAnchorTargets</c> (H3DE-NET.md §3.1, DECISIONS.md §10).</summary>
public sealed record AnchorTargetOptions
{
    /// <summary>The grid stride in voxels on every axis, in [1, 64]; default 4 (the anchor head works at 1/4 resolution).</summary>
    public int StrideVoxels { get; init; } = 4;

    /// <summary>The anchor radii in grid cells, each in (0, 16]; default 0.5, 0.75, 1.0, 1.25 (2, 3, 4, 5 voxels).</summary>
    public IReadOnlyList<double> RadiiCells { get; init; } = [0.5, 0.75, 1.0, 1.25];

    internal void Validate()
    {
        if (StrideVoxels is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(StrideVoxels), StrideVoxels, "StrideVoxels must be in [1, 64].");
        }

        if (RadiiCells is null || RadiiCells.Count is < 1 or > 16 || RadiiCells.Any(r => !(r > 0 && r <= 16)))
        {
            throw new ArgumentOutOfRangeException(nameof(RadiiCells), RadiiCells is null ? null : string.Join(", ", RadiiCells), "RadiiCells must hold 1 to 16 radii, each in (0, 16].");
        }
    }
}
