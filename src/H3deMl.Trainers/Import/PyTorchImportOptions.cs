namespace H3deMl;

/// <summary>How a reference PyTorch checkpoint becomes a complete model: the preprocessing its weights expect and how to decode.</summary>
/// <remarks>The defaults are the reference's (H3DE-NET.md §5.2): volumes stored as 0..255, divided by 255; 128×128×64 windows.</remarks>
public sealed record PyTorchImportOptions
{
    /// <summary>The network to build, or null (default) to read it from the weights' shapes with the reference's head size,
    /// windows and top-k (which leave no trace in the weights); given, it is used as is and <see cref="Head"/> is ignored.</summary>
    public H3deNetArchitecture? Architecture { get; init; }

    /// <summary>The head to build, or null to read it from the checkpoint.</summary>
    public H3deHead? Head { get; init; }

    /// <summary>Names in output-channel order, or null for <c>landmark1</c>…<c>landmarkN</c> (checkpoints do not name their landmarks).</summary>
    public IReadOnlyList<string>? LandmarkNames { get; init; }

    /// <summary>The intensity window's lower end in the scans' units; default 0.</summary>
    public float WindowMin { get; init; }

    /// <summary>The intensity window's upper end; default 255.</summary>
    public float WindowMax { get; init; } = 255;

    /// <summary>What the window's upper end maps to; default 1 (the reference divides by 255).</summary>
    public float OutputMax { get; init; } = 1;

    /// <summary>The window the network sees, in voxels (i, j, k); default 128, 128, 64.</summary>
    public int[] WindowSize { get; init; } = [128, 128, 64];

    /// <summary>The presence probability at or above which a landmark is reported present; default 0.5.</summary>
    public double PresenceThreshold { get; init; } = 0.5;
}
