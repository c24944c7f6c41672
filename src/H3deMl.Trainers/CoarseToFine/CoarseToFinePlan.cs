using System.Globalization;

namespace H3deMl;

/// <summary>What the self-configuring trainer chose, and why: the pose grid, the refinement patch, its jitter, the
/// intensity window and the time given to each stage. <see cref="ToString"/> prints it.</summary>
public sealed record CoarseToFinePlan
{
    /// <summary>The data the choices are made from.</summary>
    public required DataFingerprint Fingerprint { get; init; }

    /// <summary>The whole time budget.</summary>
    public required TimeSpan TimeBudget { get; init; }

    /// <summary>The spacing of the pose-normalised grid, mm.</summary>
    public required double PoseSpacingMm { get; init; }

    /// <summary>The refinement patch spacing, mm.</summary>
    public required double RefinementSpacingMm { get; init; }

    /// <summary>The refinement patch edge, voxels.</summary>
    public required int PatchSize { get; init; }

    /// <summary>The refinement's training jitter (SD per axis), mm; NaN until the registration has been validated.</summary>
    public double JitterMm { get; init; } = double.NaN;

    /// <summary>The registration's mean validation error, mm; NaN until measured.</summary>
    public double RegistrationValidationMm { get; init; } = double.NaN;

    /// <summary>The intensity window of the refinement patches (scan units).</summary>
    public required (float Min, float Max) Window { get; init; }

    /// <summary>The time given to training the refinement network.</summary>
    public TimeSpan RefinementTime { get; init; }

    /// <summary>Why each value was chosen (or "given" when an option set it).</summary>
    public required IReadOnlyDictionary<string, string> Reasons { get; init; }

    /// <summary>The choices made before any training: pose grid, patch spacing (provisional) and window.</summary>
    /// <param name="fingerprint">The training data's fingerprint.</param>
    /// <param name="options">The options; non-null sizes are taken as given.</param>
    /// <returns>The plan.</returns>
    public static CoarseToFinePlan Choose(DataFingerprint fingerprint, CoarseToFineOptions options)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(options);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        double pose = options.PoseSpacingMm ?? Math.Max(fingerprint.FinestSpacingMm, fingerprint.ExtentMm / PoseGridVoxels);
        reasons["pose"] = options.PoseSpacingMm is null ? $"the finest spacing, or coarser so the largest extent spans {PoseGridVoxels} voxels (the registration needs the bone surface, not every voxel)" : "given";
        double refinement = options.RefinementSpacingMm ?? fingerprint.FinestSpacingMm;
        reasons["patch"] = options.RefinementSpacingMm is null ? "the scans' native spacing" : "given";
        (float Min, float Max) window = options.Window ?? ((float)fingerprint.IntensityLow, (float)fingerprint.IntensityHigh);
        reasons["window"] = options.Window is null ? "the training scans' median 0.5 to 99.5 percentile range" : "given";
        return new CoarseToFinePlan
        {
            Fingerprint = fingerprint,
            TimeBudget = options.TimeBudget,
            PoseSpacingMm = pose,
            RefinementSpacingMm = refinement,
            PatchSize = options.PatchSize,
            Window = window,
            Reasons = reasons,
        };
    }

    /// <summary>The jitter and (when not given) the patch spacing, from the registration's error on validation scans:
    /// the jitter is 1.25 × its RMS error per axis (at least one patch voxel), and the patch is widened (coarser spacing)
    /// until its half-width holds four jitter SDs.</summary>
    /// <param name="options">The options (a given jitter or patch spacing is kept).</param>
    /// <param name="meanErrorMm">The registration's mean validation error, mm.</param>
    /// <param name="rmsErrorMm">The registration's RMS validation error (3D), mm.</param>
    /// <returns>The plan with jitter and patch spacing set.</returns>
    public CoarseToFinePlan WithRegistrationError(CoarseToFineOptions options, double meanErrorMm, double rmsErrorMm)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reasons = new Dictionary<string, string>(Reasons, StringComparer.Ordinal);
        double jitter = options.JitterMm ?? Math.Max(RefinementSpacingMm, 1.25 * rmsErrorMm / Math.Sqrt(3));
        reasons["jitter"] = options.JitterMm is null ? "1.25 × the registration's validation RMS error per axis" : "given";
        double spacing = RefinementSpacingMm;
        double needed = 4 * jitter / ((PatchSize - 1) / 2.0);
        if (options.RefinementSpacingMm is null && needed > spacing)
        {
            spacing = needed;
            reasons["patch"] = "widened from the native spacing so the patch half-width holds four jitter SDs";
        }

        return this with { JitterMm = jitter, RefinementSpacingMm = spacing, RegistrationValidationMm = meanErrorMm, Reasons = reasons };
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string budget = string.Create(c, $"Time budget: {TimeBudget.TotalMinutes:G4} min") + (RefinementTime > TimeSpan.Zero ? string.Create(c, $", of which {RefinementTime.TotalMinutes:F1} min train the refinement network.") : ".");
        string coarse = "Stage 2, coarse: TemplateRegistration of the bone surface to every training scan, median of the transferred landmarks"
            + (double.IsNaN(RegistrationValidationMm) ? "." : string.Create(c, $" (validation MRE {RegistrationValidationMm:F3} mm)."));
        string fine = string.Create(c, $"Stage 3, fine: H3DE-Net on {PatchSize}³ patches at {RefinementSpacingMm:G3} mm ({Reasons["patch"]}; field of view {PatchSize * RefinementSpacingMm:G3} mm), window {Window.Min:G4} to {Window.Max:G4} ({Reasons["window"]})")
            + (double.IsNaN(JitterMm) ? "." : string.Create(c, $", jitter SD {JitterMm:G3} mm ({Reasons["jitter"]}); each landmark refined only where that lowers its validation error."));
        return string.Join(
            Environment.NewLine,
            string.Create(c, $"Data: {Fingerprint}."),
            budget,
            string.Create(c, $"Stage 1, pose: NormalizePose on a {PoseSpacingMm:G3} mm grid ({Reasons["pose"]})."),
            coarse,
            fine);
    }

    private const int PoseGridVoxels = 160;
}
