namespace H3deMl.Transforms.Targets;

/// <summary>The names under which the target encoders store their results in <see cref="Core.Data.ScanRow.Features"/>:
/// the same as their output column names (<see cref="ScanColumnNames"/>).</summary>
public static class TargetFeatureKeys
{
    /// <summary>The heatmap targets: a <see cref="Tensors.Tensor"/> of shape (N, A0, A1, A2) (see <see cref="HeatmapTargetEncoding"/>).</summary>
    public const string Heatmap = ScanColumnNames.HeatmapTargets;

    /// <summary>The anchor targets: an <see cref="AnchorTargets"/>.</summary>
    public const string Anchors = ScanColumnNames.AnchorTargets;
}
