using Microsoft.ML;
using H3deMl.Trainers.Losses;
using H3deMl.Trainers.Network;

namespace H3deMl;

/// <summary>
/// Options of the H3DE-Net trainer: the network, the loss, the optimiser and schedule, early stopping and
/// checkpoints. Defaults follow the reference training (H3DE-NET.md §6, DECISIONS.md §12) except where noted.
/// </summary>
public sealed record H3deNetOptions
{
    /// <summary>The network shape. Default <see cref="H3deNetArchitecture.Reference"/> (its landmark count is set from the data).</summary>
    public H3deNetArchitecture Architecture { get; init; } = H3deNetArchitecture.Reference;

    /// <summary>The output head(s); overrides <see cref="H3deNetArchitecture.Head"/>. Default <see cref="H3deHead.Heatmap"/>.</summary>
    public H3deHead Head { get; init; } = H3deHead.Heatmap;

    /// <summary>Maximum number of epochs (≥ 1). Default 200.</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>Crops per optimisation step (≥ 1). Default 4.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Start learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Weight decay (L2 for Adam, decoupled for AdamW). Default 5e-4.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Adam's β₁. Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂. Default 0.98 (the reference's).</summary>
    public double Beta2 { get; init; } = 0.98;

    /// <summary>The optimiser. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>The schedule. Default <see cref="ScheduleKind.Exponential"/>.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Exponential;

    /// <summary>Per-epoch decay of the exponential schedule, in (0, 1]. Default 0.98.</summary>
    public double LearningRateDecay { get; init; } = 0.98;

    /// <summary>The floor of either schedule as a fraction of the start rate, in [0, 1]. Default 0.03.</summary>
    public double MinimumLearningRateFraction { get; init; } = 0.03;

    /// <summary>Clip the global gradient L2 norm to this value; null (default) does not clip, as the reference.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>Stop after the epoch during which this much training time has passed (measured from the start of this
    /// run, including validation); the best weights so far are kept. Null (default) for no limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Epochs without a better validation MRE before stopping (≥ 1). Default 20 (the reference's patience, on MRE instead of loss).</summary>
    public int Patience { get; init; } = 20;

    /// <summary>Validation scans as loaded (e.g. <c>ml.Data.LoadScans(dir)</c>): the trainer prepares them with the scoring
    /// form of the H3deMl steps before it (training-only steps skipped) and measures the MRE after each epoch, which
    /// drives best-model selection, early stopping and the presence threshold. Data already prepared by other ML.NET
    /// steps must already hold the <c>Volume</c> column. Null: no validation.</summary>
    public IDataView? ValidationData { get; init; }

    /// <summary>Validate every this many epochs (≥ 1). Default 1.</summary>
    public int ValidationInterval { get; init; } = 1;

    /// <summary>The heatmap loss. Default <see cref="HeatmapLossKind.HardNegativeSmoothL1"/>.</summary>
    public HeatmapLossKind HeatmapLoss { get; init; } = HeatmapLossKind.HardNegativeSmoothL1;

    /// <summary>Hard negatives per missing landmark in the heatmap loss (≥ 1). Default 4,096.</summary>
    public int HeatmapMissingNegatives { get; init; } = 4096;

    /// <summary>
    /// Weight λ of the heatmap localisation term, ≥ 0: the cross-entropy between each present landmark's channel, as a
    /// softmax over the crop, and its target's positive part (see the loss's remarks). Default 4. Our addition, not in the
    /// reference (0 gives the reference's loss): the regression alone needs thousands of steps before a peak rises above
    /// the background, so small budgets (tests, samples, a few hours on a CPU) did not localise at all.
    /// </summary>
    public double HeatmapLocalizationWeight { get; init; } = 4;

    /// <summary>
    /// The initial bias of the heatmap head (every channel) when training starts from scratch; null keeps PyTorch's
    /// default initialisation, as the reference. Default −1, the background value of the reference target, so training
    /// starts from an empty heatmap instead of spending its first steps pulling every voxel from about 0 to −1.
    /// </summary>
    public double? HeatmapHeadInitialBias { get; init; } = -1;

    /// <summary>Weights of the anchor-loss terms.</summary>
    public AnchorLossWeights AnchorLoss { get; init; } = new();

    /// <summary>Weight of the heatmap loss when both heads train. Default 1.</summary>
    public double HeatmapLossWeight { get; init; } = 1;

    /// <summary>Folder for per-epoch checkpoints (written atomically); null writes none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>A checkpoint file to resume from (weights, optimiser, schedule, random streams, epoch); null starts fresh.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Voxels above the peak fraction the heatmap decoder averages (≥ 1). Default 500 (the reference's).</summary>
    public int HeatmapDecodeMinimumVoxels { get; init; } = 500;

    /// <summary>Presence probability at or above which a landmark is reported present, in [0, 1]; used as given when
    /// <see cref="ChoosePresenceThreshold"/> is off or the validation data cannot decide (no validation data, or no
    /// missing or no present landmark in it). Default 0.5.</summary>
    public double PresenceThreshold { get; init; } = 0.5;

    /// <summary>Whether the presence threshold saved in the model is chosen on the validation data after training (best
    /// balanced accuracy of present versus missing, DECISIONS.md §6). Default true.</summary>
    public bool ChoosePresenceThreshold { get; init; } = true;

    /// <summary>Cancels training between batches (the running batch finishes; with a checkpoint directory the state is
    /// written first, so <see cref="ResumeFrom"/> continues exactly there).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Receives progress after every batch and epoch; null for none. Messages also go to <c>MLContext.Log</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>How many training rows are prepared ahead on another thread while the network trains; default 2.</summary>
    public int PrefetchDepth { get; init; } = 2;

    /// <summary>The column holding the prepared scans; default <c>Volume</c>.</summary>
    public string VolumeColumnName { get; init; } = ScanColumnNames.Volume;

    /// <summary>The ground-truth landmark column (its slot names are the model's landmark names); default <c>Landmarks</c>.</summary>
    public string LandmarksColumnName { get; init; } = ScanColumnNames.Landmarks;

    /// <summary>Checks every value (called when the trainer is created).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the message names it).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Architecture);
        Architecture.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LearningRate, 0, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        if (LearningRateDecay is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), LearningRateDecay, "Must be in (0, 1].");
        if (MinimumLearningRateFraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(MinimumLearningRateFraction), MinimumLearningRateFraction, "Must be in [0, 1].");
        if (GradientClipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm, "Must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1, nameof(Patience));
        ArgumentOutOfRangeException.ThrowIfLessThan(ValidationInterval, 1, nameof(ValidationInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(HeatmapMissingNegatives, 1, nameof(HeatmapMissingNegatives));
        if (!(HeatmapLocalizationWeight >= 0 && double.IsFinite(HeatmapLocalizationWeight))) throw new ArgumentOutOfRangeException(nameof(HeatmapLocalizationWeight), HeatmapLocalizationWeight, "Must be finite and not negative.");
        if (HeatmapHeadInitialBias is { } bias && !double.IsFinite(bias)) throw new ArgumentOutOfRangeException(nameof(HeatmapHeadInitialBias), bias, "Must be finite.");
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeLimit), limit, "Must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(PrefetchDepth, nameof(PrefetchDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PrefetchDepth, 64, nameof(PrefetchDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(HeatmapDecodeMinimumVoxels, 1, nameof(HeatmapDecodeMinimumVoxels));
        if (PresenceThreshold is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(PresenceThreshold), PresenceThreshold, "Must be in [0, 1].");
    }
}
