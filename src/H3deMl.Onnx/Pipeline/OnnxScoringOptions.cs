namespace H3deMl.Onnx.Pipeline;

/// <summary>Options of <c>ml.Transforms.ScoreOnnxLandmarks</c>. Every decoding setting left null is read from the model
/// metadata (<see cref="OnnxMetadataKeys"/>), else takes the default named.</summary>
public sealed record OnnxScoringOptions
{
    /// <summary>The .onnx file (read when the step is created; a saved pipeline carries the model bytes itself).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The graph input that receives each window as (1, 1, A0, A1, A2); null for the graph's only input.</summary>
    public string? InputName { get; init; }

    /// <summary>Which head to decode; default <see cref="OnnxLandmarkHead.Auto"/>.</summary>
    public OnnxLandmarkHead Head { get; init; } = OnnxLandmarkHead.Auto;

    /// <summary>The name of the heatmap output; default <c>heatmap</c>.</summary>
    public string HeatmapOutput { get; init; } = "heatmap";

    /// <summary>The name of the anchor output; default <c>anchors</c>.</summary>
    public string AnchorsOutput { get; init; } = "anchors";

    /// <summary>The volume column read; default <c>Volume</c>.</summary>
    public string VolumeColumnName { get; init; } = ScanColumnNames.Volume;

    /// <summary>Landmark names in channel order; null for the metadata, else "L1", "L2", … (the count is read from the
    /// graph's output shapes, or from one run on an empty window when they are dynamic).</summary>
    public IReadOnlyList<string>? LandmarkNames { get; init; }

    /// <summary>The sliding-window size (A0, A1, A2); null for the metadata, else the graph input's fixed spatial size, else 128×128×64.</summary>
    public IReadOnlyList<int>? WindowSize { get; init; }

    /// <summary>Voxels the heatmap decoder averages at least; null for the metadata, else 500.</summary>
    public int? HeatmapDecodeMinimumVoxels { get; init; }

    /// <summary>The anchor radii in cells, one per anchor; null for the metadata, else 0.5, 0.75, 1.0, 1.25.</summary>
    public IReadOnlyList<double>? AnchorRadiiCells { get; init; }

    /// <summary>The presence probability at and above which a landmark counts as present; null for the metadata, else 0.5.</summary>
    public double? PresenceThreshold { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ModelPath, nameof(ModelPath));
        ArgumentException.ThrowIfNullOrEmpty(HeatmapOutput, nameof(HeatmapOutput));
        ArgumentException.ThrowIfNullOrEmpty(AnchorsOutput, nameof(AnchorsOutput));
        ArgumentException.ThrowIfNullOrEmpty(VolumeColumnName, nameof(VolumeColumnName));
        if (!Enum.IsDefined(Head))
        {
            throw new ArgumentOutOfRangeException(nameof(Head), Head, "Unknown head.");
        }

        if (LandmarkNames is not null && (LandmarkNames.Count == 0 || LandmarkNames.Any(string.IsNullOrEmpty)))
        {
            throw new ArgumentException("LandmarkNames must hold non-empty names.", nameof(LandmarkNames));
        }

        if (WindowSize is { } w && (w.Count != 3 || w.Any(v => v is < 1 or > 4096)))
        {
            throw new ArgumentException("WindowSize must hold three sizes in [1, 4096].", nameof(WindowSize));
        }

        if (HeatmapDecodeMinimumVoxels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HeatmapDecodeMinimumVoxels), "Must be positive.");
        }

        if (PresenceThreshold is { } p && (p is < 0 or > 1 || double.IsNaN(p)))
        {
            throw new ArgumentOutOfRangeException(nameof(PresenceThreshold), "Must be in [0, 1].");
        }

        if (AnchorRadiiCells is not null && (AnchorRadiiCells.Count is 0 or > 64 || AnchorRadiiCells.Any(r => !(r > 0 && double.IsFinite(r)))))
        {
            throw new ArgumentException("AnchorRadiiCells must hold 1 to 64 positive radii.", nameof(AnchorRadiiCells));
        }
    }
}
