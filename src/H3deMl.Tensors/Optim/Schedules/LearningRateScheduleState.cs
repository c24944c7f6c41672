namespace H3deMl.Tensors.Optim.Schedules;

/// <summary>The position of a <see cref="LearningRateSchedule"/>, for checkpoints that resume bit-identically.</summary>
/// <param name="Epoch">The number of steps taken.</param>
/// <param name="LearningRate">The current learning rate (exact; store it with round-trip precision).</param>
public sealed record LearningRateScheduleState(int Epoch, double LearningRate);
