namespace H3deMl;

/// <summary>A progress report of the trainer, after each batch and after each validation.</summary>
/// <param name="Epoch">The epoch (1-based).</param>
/// <param name="Epochs">The maximum number of epochs.</param>
/// <param name="Batch">The batch within the epoch (1-based); 0 for an end-of-epoch report.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The loss of the batch (or the epoch mean in an end-of-epoch report).</param>
/// <param name="LossTerms">Named loss terms of the batch (for example "heatmap", "anchor.offsets").</param>
/// <param name="LearningRate">The current learning rate.</param>
/// <param name="ValidationMreMm">The latest validation mean radial error in millimetres, if any.</param>
/// <param name="ValidationSdr">The latest validation success detection rates by threshold (mm), if any.</param>
/// <param name="SamplesPerSecond">Training throughput of the epoch so far.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="EstimatedRemaining">Estimated time left for the remaining epochs.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Batch, int Batches, double Loss, IReadOnlyDictionary<string, double> LossTerms,
    double LearningRate, double? ValidationMreMm, IReadOnlyDictionary<double, double>? ValidationSdr,
    double SamplesPerSecond, TimeSpan Elapsed, TimeSpan EstimatedRemaining);
