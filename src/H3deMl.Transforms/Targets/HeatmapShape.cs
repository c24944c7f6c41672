namespace H3deMl.Transforms.Targets;

/// <summary>The profile of a heatmap target.</summary>
public enum HeatmapShape
{
    /// <summary>The reference target (H3DE-NET.md §4.1): <c>2·exp(−d²/(0.2R²))</c> for d ≤ R, −1 outside; a missing landmark is −1 everywhere.</summary>
    Reference = 0,

    /// <summary>A plain Gaussian <c>exp(−d²/(2σ²))</c>, cut to 0 beyond 4σ; a missing landmark is 0 everywhere.</summary>
    Gaussian,
}
