namespace H3deMl.Core.Registration;

/// <summary>How <see cref="BoneSurface"/> finds the bone surface of a scan.</summary>
public sealed record BoneSurfaceOptions
{
    /// <summary>The intensity at or above which a voxel is bone, or null for Otsu's threshold of the scan's histogram
    /// (256 bins between its minimum and maximum).</summary>
    public double? Threshold { get; init; }

    /// <summary>At most this many surface points are kept (an even, deterministic subsample in voxel order); default 6000.</summary>
    public int MaxPoints { get; init; } = 6000;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPoints, 16, nameof(MaxPoints));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPoints, 1_000_000, nameof(MaxPoints));
        if (Threshold is { } t && !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), t, "The threshold must be finite.");
        }
    }
}
