using H3deMl.Core.Registration;

namespace H3deMl;

/// <summary>The options of <see cref="Trainers.Registration.TemplateRegistrationTrainer"/>.</summary>
public sealed record TemplateRegistrationOptions
{
    /// <summary>The most templates a model keeps.</summary>
    public const int MaxTemplatesLimit = 32;

    /// <summary>The most surface points per template a model may hold.</summary>
    public const int MaxSurfacePointsLimit = 100_000;

    /// <summary>The scan column; default <c>Volume</c>.</summary>
    public string VolumeColumnName { get; init; } = ScanColumnNames.Volume;

    /// <summary>The landmark column (3 floats per landmark; its slot names are the landmark names); default <c>Landmarks</c>.</summary>
    public string LandmarksColumnName { get; init; } = ScanColumnNames.Landmarks;

    /// <summary>How landmarks are predicted; default <see cref="TemplateRegistrationMethod.TemplateMedian"/>.</summary>
    public TemplateRegistrationMethod Method { get; init; } = TemplateRegistrationMethod.TemplateMedian;

    /// <summary>The first this many training scans become templates (the first of all is the reference); default and
    /// most <see cref="MaxTemplatesLimit"/>.</summary>
    public int MaxTemplates { get; init; } = MaxTemplatesLimit;

    /// <summary>How bone surfaces are found (threshold, point budget); the same for templates and scans.</summary>
    public BoneSurfaceOptions Surface { get; init; } = new();

    /// <summary>The most bone surface points of the fixed side of each registration (the scan at prediction, the reference
    /// template when templates are aligned at training); default 50,000. Templates move with
    /// <see cref="BoneSurfaceOptions.MaxPoints"/> points; a dense fixed cloud makes nearest-point distances measure shape
    /// rather than the gaps of a sparse sample.</summary>
    public int FixedSurfacePoints { get; init; } = 50_000;

    /// <summary>How surfaces are registered.</summary>
    public SurfaceRegistrationOptions Registration { get; init; } = new();

    /// <summary>The presence probability (fraction of templates that have the landmark) at or above which a landmark
    /// inside the scan is reported present; default 0.5.</summary>
    public double PresenceThreshold { get; init; } = 0.5;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range (the message names it).</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(VolumeColumnName, nameof(VolumeColumnName));
        ArgumentException.ThrowIfNullOrEmpty(LandmarksColumnName, nameof(LandmarksColumnName));
        ArgumentNullException.ThrowIfNull(Surface, nameof(Surface));
        ArgumentNullException.ThrowIfNull(Registration, nameof(Registration));
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown method.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTemplates, 1, nameof(MaxTemplates));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTemplates, MaxTemplatesLimit, nameof(MaxTemplates));
        Surface.Validate();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Surface.MaxPoints, MaxSurfacePointsLimit, "Surface.MaxPoints");
        ArgumentOutOfRangeException.ThrowIfLessThan(FixedSurfacePoints, 16, nameof(FixedSurfacePoints));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FixedSurfacePoints, 1_000_000, nameof(FixedSurfacePoints));
        Registration.Validate();
        if (!(PresenceThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PresenceThreshold), PresenceThreshold, "Must be in [0, 1].");
        }
    }
}
