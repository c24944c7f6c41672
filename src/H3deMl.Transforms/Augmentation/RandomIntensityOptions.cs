namespace H3deMl.Transforms.Augmentation;

/// <summary>Options of <c>RandomIntensity</c>: <c>v·scale + shift</c> with scale and shift uniform per scan.</summary>
public sealed record RandomIntensityOptions
{
    /// <summary>Smallest scale, in (0, <see cref="ScaleMax"/>]; default 0.9.</summary>
    public double ScaleMin { get; init; } = 0.9;

    /// <summary>Largest scale, ≤ 100; default 1.1.</summary>
    public double ScaleMax { get; init; } = 1.1;

    /// <summary>Smallest shift, in the volume's units (after normalisation: fractions of the range); default −0.1.</summary>
    public double ShiftMin { get; init; } = -0.1;

    /// <summary>Largest shift, ≥ <see cref="ShiftMin"/>; default 0.1.</summary>
    public double ShiftMax { get; init; } = 0.1;

    internal void Validate()
    {
        AugmentationChecks.Range(ScaleMin, ScaleMax, nameof(ScaleMin), nameof(ScaleMax), 1e-6, 100);
        AugmentationChecks.Range(ShiftMin, ShiftMax, nameof(ShiftMin), nameof(ShiftMax), -1e6, 1e6);
    }
}
