namespace H3deMl;

/// <summary>The loss of the heatmap head (DECISIONS.md §4).</summary>
public enum HeatmapLossKind
{
    /// <summary>
    /// The reference's intended hard-negative mining: Smooth-L1 over the voxels inside each landmark's ball, plus Smooth-L1
    /// towards −1 over the same number of highest-predicted voxels outside it. Targets in the reference form (≥ 0 inside
    /// the radius, −1 outside).
    /// </summary>
    HardNegativeSmoothL1,

    /// <summary>The paper's plain mean squared error over every voxel.</summary>
    MeanSquaredError,
}
