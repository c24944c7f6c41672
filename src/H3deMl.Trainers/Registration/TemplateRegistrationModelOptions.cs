using H3deMl.Core.Registration;

namespace H3deMl.Trainers.Registration;

/// <summary>What a <see cref="TemplateRegistrationModel"/> needs besides its templates; saved as JSON in the model.</summary>
public sealed record TemplateRegistrationModelOptions
{
    /// <summary>Landmark names, in output order.</summary>
    public required IReadOnlyList<string> LandmarkNames { get; init; }

    /// <summary>The number of templates (the first is the reference).</summary>
    public required int TemplateCount { get; init; }

    /// <summary>The scan column.</summary>
    public string VolumeColumnName { get; init; } = ScanColumnNames.Volume;

    /// <summary>How landmarks are predicted.</summary>
    public TemplateRegistrationMethod Method { get; init; }

    /// <summary>How bone surfaces are found.</summary>
    public BoneSurfaceOptions Surface { get; init; } = new();

    /// <summary>The most bone surface points of a scan (the fixed side of its registration).</summary>
    public int FixedSurfacePoints { get; init; } = 50_000;

    /// <summary>How surfaces are registered.</summary>
    public SurfaceRegistrationOptions Registration { get; init; } = new();

    /// <summary>Presence probability at or above which a landmark is reported present.</summary>
    public double PresenceThreshold { get; init; } = 0.5;

    /// <summary>Checks the options (a model file is untrusted input).</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range (the message names it).</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(LandmarkNames, nameof(LandmarkNames));
        if (LandmarkNames.Count == 0 || LandmarkNames.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one landmark name is needed, each non-empty.", nameof(LandmarkNames));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(TemplateCount, 1, nameof(TemplateCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TemplateCount, TemplateRegistrationOptions.MaxTemplatesLimit, nameof(TemplateCount));
        new TemplateRegistrationOptions
        {
            VolumeColumnName = VolumeColumnName,
            Method = Method,
            Surface = Surface,
            FixedSurfacePoints = FixedSurfacePoints,
            Registration = Registration,
            PresenceThreshold = PresenceThreshold,
        }.Validate();
    }
}
