namespace H3deMl.Onnx;

/// <summary>Options of <c>ml.Transforms.ApplyOnnxModel</c>.</summary>
public sealed record OnnxApplyOptions
{
    /// <summary>The .onnx file (read when the step is created; a saved pipeline carries the model bytes itself).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The graph input that receives the row's volume as (1, 1, I, J, K); null for the graph's only input.</summary>
    public string? InputName { get; init; }

    /// <summary>The graph outputs stored as row features; null for every output.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }

    /// <summary>Whether outputs are stored in <c>ScanRow.Features</c> (as <c>Tensor</c> for floats, <c>OnnxValue</c> otherwise) under <see cref="FeaturePrefix"/> + name.
    /// When landmarks are decoded, outputs are stored for rows whose volume ran as one window.</summary>
    public bool StoreOutputs { get; init; } = true;

    /// <summary>The prefix of the feature keys of stored outputs.</summary>
    public string FeaturePrefix { get; init; } = "onnx:";

    /// <summary>Which head to decode into <c>ScanRow.Prediction</c>.</summary>
    public OnnxLandmarkHead Decode { get; init; } = OnnxLandmarkHead.Auto;

    /// <summary>The name of the heatmap output.</summary>
    public string HeatmapOutput { get; init; } = "heatmap";

    /// <summary>The name of the anchor output.</summary>
    public string AnchorsOutput { get; init; } = "anchors";

    /// <summary>Landmark names in channel order; null for the model metadata <see cref="OnnxMetadataKeys.LandmarkNames"/>, else "L1", "L2", ….</summary>
    public IReadOnlyList<string>? LandmarkNames { get; init; }

    /// <summary>The sliding-window size (I, J, K) for decoding; null for the model metadata <see cref="OnnxMetadataKeys.WindowSize"/>,
    /// else the graph input's fixed spatial size, else 128×128×64.</summary>
    public IReadOnlyList<int>? WindowSize { get; init; }

    /// <summary>The number of voxels the heatmap decoder averages at least; null for the model metadata, else 500.</summary>
    public int? HeatmapDecodeMinimumVoxels { get; init; }

    /// <summary>The anchor radii in cells, one per anchor; null for the model metadata, else 0.5, 0.75, 1.0, 1.25.</summary>
    public IReadOnlyList<double>? AnchorRadiiCells { get; init; }

    /// <summary>The presence probability at and above which a landmark counts as present; null for the model metadata, else 0.5.</summary>
    public double? PresenceThreshold { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ModelPath);
        if (WindowSize is { } w && (w.Count != 3 || w.Any(v => v < 1)))
            throw new ArgumentException("WindowSize must hold three positive sizes.", nameof(WindowSize));
        if (HeatmapDecodeMinimumVoxels < 1) throw new ArgumentOutOfRangeException(nameof(HeatmapDecodeMinimumVoxels), "Must be positive.");
        if (PresenceThreshold is { } p && (p is < 0 or > 1 || double.IsNaN(p))) throw new ArgumentOutOfRangeException(nameof(PresenceThreshold), "Must be in [0, 1].");
        if (AnchorRadiiCells is not null && (AnchorRadiiCells.Count == 0 || AnchorRadiiCells.Any(r => !(r > 0))))
            throw new ArgumentException("AnchorRadiiCells must hold positive radii.", nameof(AnchorRadiiCells));
    }
}
