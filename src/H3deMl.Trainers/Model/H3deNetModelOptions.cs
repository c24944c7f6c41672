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

    /// <summary>Checks the options (a model file is untrusted input).</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range (the message names it).</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Architecture, nameof(Architecture));
        ArgumentNullException.ThrowIfNull(LandmarkNames, nameof(LandmarkNames));
        Architecture.Validate();
        if (LandmarkNames.Count != Architecture.LandmarkCount || LandmarkNames.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{LandmarkNames.Count} landmark names for a network of {Architecture.LandmarkCount} landmarks (names must be non-empty).", nameof(LandmarkNames));
        }

        if (WindowSize is not { Length: 3 } || WindowSize.Any(w => w is < 1 or > 4096))
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
}
