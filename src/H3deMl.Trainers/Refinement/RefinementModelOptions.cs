using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Refinement;

/// <summary>What a trained refinement model needs to predict, saved as JSON in the model zip.</summary>
public sealed record RefinementModelOptions
{
    /// <summary>The network's architecture.</summary>
    public required H3deNetArchitecture Architecture { get; init; }

    /// <summary>The landmark names, in output order.</summary>
    public required IReadOnlyList<string> LandmarkNames { get; init; }

    /// <summary>The patch spacing in mm.</summary>
    public double SpacingMm { get; init; } = 0.15;

    /// <summary>The patch edge in voxels.</summary>
    public int PatchSize { get; init; } = 32;

    /// <summary>The intensity window's lower end.</summary>
    public float WindowMin { get; init; }

    /// <summary>The intensity window's upper end.</summary>
    public float WindowMax { get; init; } = 255;

    /// <summary>The minimum number of voxels the heatmap decoder averages.</summary>
    public int HeatmapDecodeMinimumVoxels { get; init; } = 20;

    /// <summary>Per landmark, whether it is refined (chosen on validation data); null: every landmark.</summary>
    public IReadOnlyList<bool>? Refined { get; init; }

    /// <summary>Whether landmark <paramref name="index"/> is refined.</summary>
    public bool Refines(int index) => Refined is null || Refined[index];

    internal void Validate()
    {
        Architecture.Validate();
        if (Refined is not null && Refined.Count != LandmarkNames.Count)
        {
            throw new ArgumentException("The refined-landmark flags must match the landmark count.");
        }

        if (LandmarkNames is null || LandmarkNames.Count == 0 || LandmarkNames.Count != Architecture.LandmarkCount)
        {
            throw new ArgumentException("The landmark names must match the architecture's landmark count.");
        }

        if (!(SpacingMm > 0) || PatchSize < 8 || PatchSize > 512 || !(WindowMax > WindowMin) || HeatmapDecodeMinimumVoxels < 1)
        {
            throw new ArgumentException("The patch spacing, size, window or decoding minimum is out of range.");
        }
    }
}
