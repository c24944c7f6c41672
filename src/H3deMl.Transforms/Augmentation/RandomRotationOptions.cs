using H3deMl.Transforms.Common;

namespace H3deMl.Transforms.Augmentation;

/// <summary>Options of <c>RandomRotation</c>: small rotations about the volume's centre, one uniform angle per LPS axis.</summary>
public sealed record RandomRotationOptions
{
    /// <summary>Largest rotation about the LPS x axis (left-right), in degrees, in [0, 180]; default 10.</summary>
    public double MaxDegreesX { get; init; } = 10;

    /// <summary>Largest rotation about the LPS y axis (posterior-anterior), in degrees, in [0, 180]; default 10.</summary>
    public double MaxDegreesY { get; init; } = 10;

    /// <summary>Largest rotation about the LPS z axis (superior-inferior), in degrees, in [0, 180]; default 10.</summary>
    public double MaxDegreesZ { get; init; } = 10;

    /// <summary>Probability of rotating a given scan, in [0, 1]; default 1.</summary>
    public double Probability { get; init; } = 1;

    /// <summary>The value of voxels rotated in from outside; default the volume's minimum.</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.VolumeMinimum;

    /// <summary>The padding value when <see cref="Padding"/> is <see cref="PaddingMode.Constant"/>; default 0.</summary>
    public float PaddingValue { get; init; }

    internal void Validate()
    {
        AugmentationChecks.Range(0, MaxDegreesX, "MinDegreesX", nameof(MaxDegreesX), 0, 180);
        AugmentationChecks.Range(0, MaxDegreesY, "MinDegreesY", nameof(MaxDegreesY), 0, 180);
        AugmentationChecks.Range(0, MaxDegreesZ, "MinDegreesZ", nameof(MaxDegreesZ), 0, 180);
        AugmentationChecks.Probability(Probability, nameof(Probability));
        if (!Enum.IsDefined(Padding) || !float.IsFinite(PaddingValue))
        {
            throw new ArgumentOutOfRangeException(nameof(Padding), Padding, "Unknown padding mode or non-finite padding value.");
        }
    }
}
