namespace H3deMl.Transforms.Intensity;

/// <summary>Options of <c>NormalizeIntensity</c>.</summary>
/// <remarks>The defaults reproduce the reference code (H3DE-NET.md §5.2: volumes stored as 0..255, divided by 255):
/// window [0, 255] scaled to [0, 1]. The paper's [0, 255] is <c>OutputMax = 255</c>; a CT window is e.g.
/// <c>WindowMin = −1000, WindowMax = 2000</c>.</remarks>
public sealed record IntensityNormalizingOptions
{
    /// <summary>The mapping; default <see cref="IntensityNormalizationMode.Window"/>.</summary>
    public IntensityNormalizationMode Mode { get; init; } = IntensityNormalizationMode.Window;

    /// <summary>Lower end of the window in the volume's units (e.g. HU); values below are clipped; default 0.</summary>
    public float WindowMin { get; init; }

    /// <summary>Upper end of the window, &gt; <see cref="WindowMin"/>; default 255.</summary>
    public float WindowMax { get; init; } = 255;

    /// <summary>The value <see cref="WindowMin"/> (or the lower percentile) maps to; default 0.</summary>
    public float OutputMin { get; init; }

    /// <summary>The value <see cref="WindowMax"/> (or the upper percentile) maps to, ≠ <see cref="OutputMin"/>; default 1.</summary>
    public float OutputMax { get; init; } = 1;

    /// <summary>The lower percentile for <see cref="IntensityNormalizationMode.Percentile"/>, in [0, 100); default 0.5.</summary>
    public double LowerPercentile { get; init; } = 0.5;

    /// <summary>The upper percentile, in (<see cref="LowerPercentile"/>, 100]; default 99.5.</summary>
    public double UpperPercentile { get; init; } = 99.5;

    internal void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown normalisation mode.");
        }

        if (!float.IsFinite(WindowMin))
        {
            throw new ArgumentOutOfRangeException(nameof(WindowMin), WindowMin, "WindowMin must be finite.");
        }

        if (!(WindowMax > WindowMin) || !float.IsFinite(WindowMax))
        {
            throw new ArgumentOutOfRangeException(nameof(WindowMax), WindowMax, $"WindowMax must be finite and greater than WindowMin ({WindowMin}).");
        }

        if (!float.IsFinite(OutputMin))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputMin), OutputMin, "OutputMin must be finite.");
        }

        if (!float.IsFinite(OutputMax) || OutputMax == OutputMin)
        {
            throw new ArgumentOutOfRangeException(nameof(OutputMax), OutputMax, $"OutputMax must be finite and differ from OutputMin ({OutputMin}).");
        }

        if (!(LowerPercentile >= 0 && LowerPercentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(LowerPercentile), LowerPercentile, "LowerPercentile must be in [0, 100).");
        }

        if (!(UpperPercentile > LowerPercentile && UpperPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(UpperPercentile), UpperPercentile, $"UpperPercentile must be in (LowerPercentile ({LowerPercentile}), 100].");
        }
    }
}
