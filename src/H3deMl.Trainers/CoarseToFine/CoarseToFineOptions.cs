using H3deMl.Trainers.Network;
using Microsoft.ML;

namespace H3deMl;

/// <summary>Options of the self-configuring coarse-to-fine trainer (<c>ml.Landmarks.Trainers.H3deNetCoarseToFine</c>).
/// Every size left null is chosen from the data's <see cref="DataFingerprint"/> and the time budget; set one to override
/// that choice.</summary>
public sealed record CoarseToFineOptions
{
    /// <summary>The whole training time, from reading the scans to the saved stages. Default 10 minutes.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Held-out scans with landmarks (as <c>ml.Data.LoadScans</c> gives them). They choose the refinement's jitter
    /// and which landmarks it refines, then join the registration templates. Null: <see cref="ValidationFraction"/> of
    /// the training scans are held out.</summary>
    public IDataView? ValidationData { get; init; }

    /// <summary>The fraction of training scans held out when <see cref="ValidationData"/> is null (at least 2 scans). Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>The spacing of the pose-normalised grid the registration works on, mm; null: chosen.</summary>
    public double? PoseSpacingMm { get; init; }

    /// <summary>The refinement patch spacing, mm; null: chosen (the scans' native spacing, coarser only if the
    /// registration's validation error needs a wider patch).</summary>
    public double? RefinementSpacingMm { get; init; }

    /// <summary>The refinement patch edge in voxels. Default 32.</summary>
    public int PatchSize { get; init; } = 32;

    /// <summary>The refinement's training jitter (SD per axis), mm; null: chosen from the registration's validation error.</summary>
    public double? JitterMm { get; init; }

    /// <summary>The refinement network. Default <see cref="H3deNetArchitecture.Small"/>.</summary>
    public H3deNetArchitecture Architecture { get; init; } = H3deNetArchitecture.Small;

    /// <summary>An upper bound on the refinement's epochs (the learning rate then anneals over them if they end before
    /// the budget); null (default): as many as the budget allows.</summary>
    public int? MaxRefinementEpochs { get; init; }

    /// <summary>Patches per optimiser step. Default 4.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>The refinement's initial learning rate (annealed to the end of the budget). Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>The intensity window (scan units) mapped to [0, 1] in refinement patches; null: the training scans'
    /// median 0.5 to 99.5 percentile range.</summary>
    public (float Min, float Max)? Window { get; init; }

    /// <summary>A folder for decoded volumes while training (never saved with the model); null: a temporary folder,
    /// deleted when training ends.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Stops training between batches and scans.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public void Validate()
    {
        Check(TimeBudget > TimeSpan.Zero, nameof(TimeBudget), "must be positive");
        Check(ValidationFraction is > 0 and < 1, nameof(ValidationFraction), "must be in (0, 1)");
        Check(PoseSpacingMm is null || (PoseSpacingMm > 0 && double.IsFinite(PoseSpacingMm.Value)), nameof(PoseSpacingMm), "must be positive");
        Check(RefinementSpacingMm is null || (RefinementSpacingMm > 0 && double.IsFinite(RefinementSpacingMm.Value)), nameof(RefinementSpacingMm), "must be positive");
        Check(PatchSize is >= 8 and <= 128, nameof(PatchSize), "must be 8 to 128");
        Check(JitterMm is null || (JitterMm >= 0 && double.IsFinite(JitterMm.Value)), nameof(JitterMm), "must be ≥ 0");
        Check(BatchSize >= 1, nameof(BatchSize), "must be at least 1");
        Check(MaxRefinementEpochs is null or >= 1, nameof(MaxRefinementEpochs), "must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "must be positive");
        Check(Window is null || Window.Value.Max > Window.Value.Min, nameof(Window), "must have Max > Min");
        ArgumentNullException.ThrowIfNull(Architecture);
        Architecture.Validate();
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"CoarseToFineOptions.{name} {rule}.");
        }
    }
}
