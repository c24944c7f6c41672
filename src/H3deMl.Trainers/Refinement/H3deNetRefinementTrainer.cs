using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Refinement;

/// <summary>Trains the refinement stage appended after the H3DE-Net trainer: a second network on small full-resolution
/// patches cut from the original scans around the landmarks, returning an <see cref="H3deNetRefinementModel"/>.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>Yes</description></item>
/// <item><term>Input columns</term><description><c>ScanPath</c> (scans on disk), <c>Landmarks</c> (truth; slot names are the
/// landmark names), <c>Volume</c> (its direction orients the patches), <c>PredictedLandmarks</c> at prediction time</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c> (refined; hides the coarse column)</description></item>
/// </list>
/// <para>The seed is drawn from the <c>MLContext</c>; the same seed gives the same weights. Create it with
/// <c>ml.Landmarks.Trainers.H3deNetRefinement(…)</c>.</para>
/// </remarks>
public sealed class H3deNetRefinementTrainer : ScanEstimatorBase<H3deNetRefinementModel>
{
    private readonly int _seed;

    internal H3deNetRefinementTrainer(IHostEnvironment environment, RefinementOptions options)
        : base(environment, nameof(H3deNetRefinementTrainer))
    {
        Host.CheckValue(options, nameof(options));
        options.Validate();
        Options = options;
        _seed = Host.Rand.Next();
        Mapping = H3deNetRefinementModel.ShapeMapping();
    }

    /// <summary>The options.</summary>
    public RefinementOptions Options { get; }

    internal override ScanRowMapping Mapping { get; }

    /// <summary>Trains the refinement network.</summary>
    /// <param name="input">The coarse model's output on the training data.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">The data has no rows.</exception>
    /// <exception cref="InvalidOperationException">A row has no scan path.</exception>
    public override H3deNetRefinementModel Fit(IDataView input)
    {
        Host.CheckValue(input, nameof(input));
        IReadOnlyList<string> names = LandmarkColumn.Names(input.Schema[ScanColumnNames.Landmarks]);
        var modelOptions = new RefinementModelOptions
        {
            Architecture = Options.Architecture with { Head = H3deHead.Heatmap, LandmarkCount = names.Count },
            LandmarkNames = [.. names],
            SpacingMm = Options.SpacingMm,
            PatchSize = Options.PatchSize,
            WindowMin = Options.WindowMin,
            WindowMax = Options.WindowMax,
            HeatmapDecodeMinimumVoxels = Options.HeatmapDecodeMinimumVoxels,
        };
        var patches = new RefinementPatches(modelOptions, keepOriginals: true);
        List<RefinementScan> scans = RefinementScan.ReadAll(input, patches, Options.CancellationToken);
        if (scans.Count == 0)
        {
            throw new ArgumentException("The training data has no rows.", nameof(input));
        }

        var stepOptions = new H3deNetOptions
        {
            Architecture = modelOptions.Architecture,
            Head = H3deHead.Heatmap,
            Epochs = Options.Epochs,
            TimeLimit = Options.TimeLimit,
            Schedule = ScheduleKind.Cosine,
            BatchSize = Options.BatchSize,
            LearningRate = Options.LearningRate,
            HeatmapDecodeMinimumVoxels = Options.HeatmapDecodeMinimumVoxels,
        };
        RandomStream stream = new RandomStream(unchecked((ulong)(uint)_seed)).Fork(nameof(H3deNetRefinementTrainer));
        var setup = new TrainingSetup(stepOptions, modelOptions.Architecture, stream);
        using IChannel channel = Host.Start("Refinement");
        channel.Info(MessageSensitivity.None, $"H3DE-Net refinement: {scans.Count} scans, {names.Count} landmarks, patches {Options.PatchSize}³ at {Options.SpacingMm} mm, {Options.Epochs} epochs.");
        new RefinementTraining(Options, modelOptions, patches, setup, stepOptions, channel).Run(scans, stream.Fork("patches"));
        var model = new H3deNetRefinementModel(Host, setup.Network, modelOptions);
        return Options.ValidationData is { } validation ? RefinementGate.Choose(model, validation, channel, Options.CancellationToken) : model;
    }
}
