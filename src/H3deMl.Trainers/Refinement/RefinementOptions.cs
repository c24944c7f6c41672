using H3deMl.Trainers.Network;
using Microsoft.ML;

namespace H3deMl;

/// <summary>Options of the H3DE-Net refinement stage (<c>ml.Landmarks.Trainers.H3deNetRefinement</c>): a second network
/// that looks at a small full-resolution patch around each coarse prediction.</summary>
/// <remarks>Patches are oriented like the row's <c>Volume</c> (the pose-normalised grid), isotropic at
/// <see cref="SpacingMm"/>, resampled from the original scan read from <c>ScanPath</c>, and windowed with
/// [<see cref="WindowMin"/>, <see cref="WindowMax"/>] → [0, 1] (use the pipeline's <c>NormalizeIntensity</c> window).</remarks>
public sealed record RefinementOptions
{
    /// <summary>The patch spacing in mm (isotropic). Default 0.15.</summary>
    public double SpacingMm { get; init; } = 0.15;

    /// <summary>The patch edge in voxels (cubic). Default 32.</summary>
    public int PatchSize { get; init; } = 32;

    /// <summary>In training, each axis of the patch centre is offset from the true landmark by a normal draw with this
    /// standard deviation (truncated at 3 SD and at the patch edge). Match it to the stage before: the network learns
    /// how far to trust the patch centre. Default 0.5.</summary>
    public double JitterMm { get; init; } = 0.5;

    /// <summary>Patches drawn per training scan and epoch (each around a random present landmark). Default 8.</summary>
    public int PatchesPerScan { get; init; } = 8;

    /// <summary>The refinement network's architecture (its landmark count is set from the data). Default Small.</summary>
    public H3deNetArchitecture Architecture { get; init; } = H3deNetArchitecture.Small;

    /// <summary>The number of epochs. Default 60.</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Patches per optimiser step. Default 4.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>The initial learning rate. Default 3e-3.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Stop after the epoch during which this much time has passed; null for no limit. The learning rate
    /// anneals (cosine) over the epochs or this limit, whichever ends first.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Validation rows carrying the stage before's <c>PredictedLandmarks</c> (the pipeline up to this step,
    /// applied to held-out scans). When given, each landmark is refined only if refining lowers its mean validation
    /// error; otherwise the model keeps the stage before's prediction for it. Null: every landmark is refined.</summary>
    public IDataView? ValidationData { get; init; }

    /// <summary>The heatmap target radius in patch voxels. Default 4.</summary>
    public double HeatmapRadiusVoxels { get; init; } = 4;

    /// <summary>The minimum number of voxels the heatmap decoder averages. Default 20.</summary>
    public int HeatmapDecodeMinimumVoxels { get; init; } = 20;

    /// <summary>The intensity window's lower end (maps to 0). Default 0.</summary>
    public float WindowMin { get; init; }

    /// <summary>The intensity window's upper end (maps to 1). Default 255.</summary>
    public float WindowMax { get; init; } = 255;

    /// <summary>Stops training between batches.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Architecture);
        Check(SpacingMm > 0 && double.IsFinite(SpacingMm), nameof(SpacingMm), "must be positive");
        Check(PatchSize >= 8, nameof(PatchSize), "must be at least 8");
        Check(JitterMm >= 0 && double.IsFinite(JitterMm), nameof(JitterMm), "must be ≥ 0");
        Check(PatchesPerScan >= 1, nameof(PatchesPerScan), "must be at least 1");
        Check(Epochs >= 1, nameof(Epochs), "must be at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), "must be at least 1");
        Check(LearningRate > 0, nameof(LearningRate), "must be positive");
        Check(HeatmapRadiusVoxels > 0, nameof(HeatmapRadiusVoxels), "must be positive");
        Check(HeatmapDecodeMinimumVoxels >= 1, nameof(HeatmapDecodeMinimumVoxels), "must be at least 1");
        Check(WindowMax > WindowMin, nameof(WindowMax), "must exceed WindowMin");
        Architecture.Validate();
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"RefinementOptions.{name} {rule}.");
        }
    }
}
