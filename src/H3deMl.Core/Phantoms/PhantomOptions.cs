namespace H3deMl.Core.Phantoms;

/// <summary>Options of the synthetic skull phantoms (<c>ml.Data.GeneratePhantoms</c>, <c>h3de synth</c>).</summary>
/// <remarks>Intensities are CT-like Hounsfield units. The defaults give 80×80×64 volumes of about 1 mm, small enough for a
/// small network to train in minutes on two cores.</remarks>
public sealed record PhantomOptions
{
    /// <summary>Voxels along i, in [16, 512]; default 80.</summary>
    public int SizeI { get; init; } = 80;

    /// <summary>Voxels along j, in [16, 512]; default 80.</summary>
    public int SizeJ { get; init; } = 80;

    /// <summary>Voxels along k, in [16, 512]; default 64.</summary>
    public int SizeK { get; init; } = 64;

    /// <summary>The nominal spacing in millimetres, in (0, 10]; default 1. The anatomy scales with the field of view.</summary>
    public double SpacingMm { get; init; } = 1.0;

    /// <summary>Random relative change of the spacing per axis, in [0, 0.5]; default 0.1 (±10 %).</summary>
    public double SpacingJitter { get; init; } = 0.1;

    /// <summary>Random relative change of the anatomy's size per axis, in [0, 0.3]; default 0.07 (±7 %). Unequal axes are
    /// a shape change no similarity transform undoes.</summary>
    public double AnatomyScaleJitter { get; init; } = 0.07;

    /// <summary>Largest random rotation of the head about each axis, in degrees, in [0, 90]; default 12.</summary>
    public double MaxRotationDegrees { get; init; } = 12;

    /// <summary>Largest random translation of the head along each axis, as a fraction of the field of view, in [0, 0.2]; default 0.04.</summary>
    public double MaxShiftFraction { get; init; } = 0.04;

    /// <summary>Amplitude of the smooth random deformation, as a fraction of the field of view, in [0, 0.1]; default 0.025.</summary>
    public double DeformationFraction { get; init; } = 0.025;

    /// <summary>Standard deviation of the Gaussian noise in HU, in [0, 1000]; default 25.</summary>
    public double NoiseStdDevHu { get; init; } = 25;

    /// <summary>Probability that a given tooth is absent (its landmark is then missing: occluded), in [0, 1]; default 0.08.</summary>
    public double MissingToothProbability { get; init; } = 0.08;

    /// <summary>Probability that the field of view is shifted so that part of the head (and possibly landmarks) falls
    /// outside, in [0, 1]; default 0.1. Landmarks outside the volume are marked missing.</summary>
    public double CutFieldOfViewProbability { get; init; } = 0.1;

    internal void Validate()
    {
        Check(SizeI is >= 16 and <= 512, nameof(SizeI), SizeI, "[16, 512]");
        Check(SizeJ is >= 16 and <= 512, nameof(SizeJ), SizeJ, "[16, 512]");
        Check(SizeK is >= 16 and <= 512, nameof(SizeK), SizeK, "[16, 512]");
        Check(SpacingMm is > 0 and <= 10, nameof(SpacingMm), SpacingMm, "(0, 10]");
        Check(SpacingJitter is >= 0 and <= 0.5, nameof(SpacingJitter), SpacingJitter, "[0, 0.5]");
        Check(AnatomyScaleJitter is >= 0 and <= 0.3, nameof(AnatomyScaleJitter), AnatomyScaleJitter, "[0, 0.3]");
        Check(MaxRotationDegrees is >= 0 and <= 90, nameof(MaxRotationDegrees), MaxRotationDegrees, "[0, 90]");
        Check(MaxShiftFraction is >= 0 and <= 0.2, nameof(MaxShiftFraction), MaxShiftFraction, "[0, 0.2]");
        Check(DeformationFraction is >= 0 and <= 0.1, nameof(DeformationFraction), DeformationFraction, "[0, 0.1]");
        Check(NoiseStdDevHu is >= 0 and <= 1000, nameof(NoiseStdDevHu), NoiseStdDevHu, "[0, 1000]");
        Check(MissingToothProbability is >= 0 and <= 1, nameof(MissingToothProbability), MissingToothProbability, "[0, 1]");
        Check(CutFieldOfViewProbability is >= 0 and <= 1, nameof(CutFieldOfViewProbability), CutFieldOfViewProbability, "[0, 1]");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {range}.");
        }
    }
}
