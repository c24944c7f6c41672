using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Model;

/// <summary>What a trained model needs besides its weights; saved as the step's options in manifest.json.</summary>
public sealed record H3deNetModelOptions
{
    /// <summary>The network shape (including the head and the landmark count).</summary>
    public required H3deNetArchitecture Architecture { get; init; }

    /// <summary>Landmark names, in output-channel order.</summary>
    public required IReadOnlyList<string> LandmarkNames { get; init; }

    /// <summary>The window the network was trained on, (A0, A1, A2) = (i, j, k) voxels; larger scans are covered by overlapping windows.</summary>
    public int[] WindowSize { get; init; } = [128, 128, 64];

    /// <summary>Voxels the heatmap decoder averages at least.</summary>
    public int HeatmapDecodeMinimumVoxels { get; init; } = 500;

    /// <summary>Anchor radii in grid cells.</summary>
    public IReadOnlyList<double> AnchorRadiiCells { get; init; } = [0.5, 0.75, 1.0, 1.25];

    /// <summary>Presence probability at or above which a landmark is reported present.</summary>
    public double PresenceThreshold { get; init; } = 0.5;

    /// <summary>A short summary of how the model was trained (epochs, best validation MRE, time), for the manifest.</summary>
    public IReadOnlyDictionary<string, string> TrainingSummary { get; init; } = new Dictionary<string, string>();
}
