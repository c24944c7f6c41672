namespace H3deMl.Onnx.Decoding;

/// <summary>Options of <c>ml.Transforms.DecodeLandmarks</c>: which columns hold the network outputs, and how to decode them.</summary>
/// <remarks><c>ml.Transforms.DecodeLandmarks(modelPath)</c> fills every setting from an exported model's metadata; build
/// the options yourself for a graph without it.</remarks>
public sealed record LandmarkDecodingOptions
{
    /// <summary>The column holding the heatmap output, (1, L, A0, A1, A2) flattened row-major; null when the network
    /// has no heatmap head. Default <c>heatmap</c>, the exported graph's output name.</summary>
    public string? HeatmapColumnName { get; init; } = "heatmap";

    /// <summary>The column holding the anchor output, (1, G0, G1, G2, anchors, 3 + L) flattened row-major with
    /// G = ⌈A / 4⌉; null (the default) when the network has no anchor head or it is not to be decoded.</summary>
    public string? AnchorsColumnName { get; init; }

    /// <summary>The volume column: the network's input window, whose geometry maps the decoded indices to world LPS
    /// millimetres. Default <c>Volume</c>.</summary>
    public string VolumeColumnName { get; init; } = ScanColumnNames.Volume;

    /// <summary>The landmark names in output-channel order (the slot names of the output columns).</summary>
    public required IReadOnlyList<string> LandmarkNames { get; init; }

    /// <summary>The network's input size (A0, A1, A2) = (I, J, K) voxels; each volume must have exactly this size.</summary>
    public required IReadOnlyList<int> WindowSize { get; init; }

    /// <summary>Voxels the heatmap decoder averages at least; default 500.</summary>
    public int HeatmapDecodeMinimumVoxels { get; init; } = 500;

    /// <summary>The anchor radii in grid cells, one per anchor; default 0.5, 0.75, 1.0, 1.25.</summary>
    public IReadOnlyList<double> AnchorRadiiCells { get; init; } = [0.5, 0.75, 1.0, 1.25];

    /// <summary>The presence probability at or above which a landmark is reported present; default 0.5.</summary>
    public double PresenceThreshold { get; init; } = 0.5;

    internal void Validate()
    {
        if (HeatmapColumnName is null && AnchorsColumnName is null)
        {
            throw new ArgumentException("Set HeatmapColumnName, AnchorsColumnName or both: there is no network output to decode.", nameof(HeatmapColumnName));
        }

        ArgumentException.ThrowIfNullOrEmpty(VolumeColumnName, nameof(VolumeColumnName));
        if (LandmarkNames is null || LandmarkNames.Count == 0 || LandmarkNames.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("LandmarkNames must hold at least one non-empty name.", nameof(LandmarkNames));
        }

        if (WindowSize is not { Count: 3 } || WindowSize.Any(w => w is < 1 or > 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSize), "The window must be 3 sizes in [1, 4096].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(HeatmapDecodeMinimumVoxels, 1, nameof(HeatmapDecodeMinimumVoxels));
        if (AnchorRadiiCells is null || AnchorRadiiCells.Count is 0 or > 64 || AnchorRadiiCells.Any(r => !(r > 0 && double.IsFinite(r))))
        {
            throw new ArgumentOutOfRangeException(nameof(AnchorRadiiCells), "1 to 64 positive finite anchor radii are needed.");
        }

        if (PresenceThreshold is < 0 or > 1 || double.IsNaN(PresenceThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(PresenceThreshold), PresenceThreshold, "Must be in [0, 1].");
        }
    }

    /// <summary>The options an exported model's metadata gives.</summary>
    /// <exception cref="ArgumentException">The metadata lacks the landmark names or the window, or a value is unreadable.</exception>
    internal static LandmarkDecodingOptions FromMetadata(OnnxLandmarkMetadata metadata, string heatmapColumnName, string anchorsColumnName, string volumeColumnName)
    {
        OnnxLandmarkHead head = metadata.Head ?? OnnxLandmarkHead.Heatmap;
        return new LandmarkDecodingOptions
        {
            HeatmapColumnName = head is OnnxLandmarkHead.Heatmap or OnnxLandmarkHead.Both ? heatmapColumnName : null,
            AnchorsColumnName = head is OnnxLandmarkHead.Anchors or OnnxLandmarkHead.Both ? anchorsColumnName : null,
            VolumeColumnName = volumeColumnName,
            LandmarkNames = metadata.LandmarkNames
                ?? throw new ArgumentException($"The model has no {OnnxMetadataKeys.LandmarkNames} metadata; give the options (LandmarkNames, WindowSize, …) instead."),
            WindowSize = metadata.WindowSize
                ?? throw new ArgumentException($"The model has no {OnnxMetadataKeys.WindowSize} metadata; give the options (LandmarkNames, WindowSize, …) instead."),
            HeatmapDecodeMinimumVoxels = metadata.HeatmapDecodeMinimumVoxels ?? 500,
            AnchorRadiiCells = metadata.AnchorRadiiCells ?? [0.5, 0.75, 1.0, 1.25],
            PresenceThreshold = metadata.PresenceThreshold ?? 0.5,
        };
    }
}
