namespace H3deMl.Transforms.Targets;

/// <summary>Options of <c>EncodeHeatmapTargets</c>.</summary>
public sealed record HeatmapTargetOptions
{
    /// <summary>The profile; default <see cref="HeatmapShape.Reference"/>.</summary>
    public HeatmapShape Shape { get; init; } = HeatmapShape.Reference;

    /// <summary>The reference target's radius R in voxels (distance measured in voxel units, spacing ignored, as the
    /// reference), &gt; 0; default 20 (the reference's <c>--focus_radius</c>).</summary>
    public double RadiusVoxels { get; init; } = 20;

    /// <summary>When set, R in millimetres instead, with distances measured in millimetres through the crop's spacing
    /// (DECISIONS.md §4); default null.</summary>
    public double? RadiusMm { get; init; }

    /// <summary>The Gaussian's σ in voxels, &gt; 0; default 3.</summary>
    public double SigmaVoxels { get; init; } = 3;

    /// <summary>When set, σ in millimetres instead (distances in millimetres); default null.</summary>
    public double? SigmaMm { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Shape))
        {
            throw new ArgumentOutOfRangeException(nameof(Shape), Shape, "Unknown heatmap shape.");
        }

        Positive(RadiusVoxels, nameof(RadiusVoxels));
        Positive(SigmaVoxels, nameof(SigmaVoxels));
        if (RadiusMm is double r)
        {
            Positive(r, nameof(RadiusMm));
        }

        if (SigmaMm is double s)
        {
            Positive(s, nameof(SigmaMm));
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0 && value <= 1000))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1000].");
        }
    }
}
