namespace H3deMl.Cli.Commands;

/// <summary>The command line of <c>h3de train</c>, as given (null where an option was left out). <see cref="SelfConfigured"/>
/// is true when no option shapes the network (config, head, epochs, batch, crop, lr, spacing, pose, window, resume):
/// then the coarse-to-fine trainer configures itself within the time limit.</summary>
internal sealed record TrainArguments(
    string Train,
    string? Val,
    string Out,
    string Head,
    string Config,
    int? Epochs,
    int? Batch,
    string? Crop,
    double? LearningRate,
    double? Spacing,
    string? TimeLimit,
    string? Window,
    int Seed,
    int? Threads,
    string? Resume,
    string? CheckpointDir,
    string? Cache,
    bool Overwrite,
    bool NormalizePose = false,
    bool SelfConfigured = false);
