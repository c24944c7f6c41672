using H3deMl.Core.MLNet;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace H3deMl.Trainers;

/// <summary>Trains an <see cref="H3deNet"/> on scans prepared by the pipeline before it (a crop step and the target
/// encoder of each head) and returns the trained <see cref="H3deNetModel"/>.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>Yes</description></item>
/// <item><term>Input columns</term><description><c>Volume</c> (equally sized crops), <c>Landmarks</c> (its slot names are
/// the landmark names), <c>HeatmapTargets</c> and/or <c>AnchorTargets</c> for the chosen head</description></item>
/// <item><term>Output columns</term><description><c>PredictedLandmarks</c>, <c>PresenceProbabilities</c>, <c>PresenceDecisions</c></description></item>
/// </list>
/// <para>Per epoch the rows come in an order drawn from the run's seed (itself drawn from the <c>MLContext</c> seed);
/// after each epoch the schedule steps, the validation MRE is measured (if <see cref="H3deNetOptions.ValidationData"/>
/// is given), the best weights are kept and a checkpoint is written. The same seed gives bit-identical weights whatever
/// the thread count. Progress goes to <c>MLContext.Log</c> and <see cref="H3deNetOptions.Progress"/>; training stops
/// between batches on <see cref="H3deNetOptions.CancellationToken"/> (or <c>MLContext</c> cancellation).</para>
/// <para>Create it with <c>ml.Landmarks.Trainers.H3deNet(…)</c>.</para>
/// </remarks>
public sealed class H3deNetTrainer : ITrainerEstimator<H3deNetModel, H3deNet>
{
    private readonly IHost _host;
    private readonly int _seed;

    internal H3deNetTrainer(IHostEnvironment environment, H3deNetOptions options)
    {
        _host = Contracts.CheckRef(environment, nameof(environment)).Register(nameof(H3deNetTrainer));
        _host.CheckValue(options, nameof(options));
        options.Validate();
        Options = options;
        _seed = _host.Rand.Next();
    }

    /// <summary>The options.</summary>
    public H3deNetOptions Options { get; }

    /// <summary>The trainer needs no normalisation or caching from ML.NET (the pipeline prepares scans itself).</summary>
    public TrainerInfo Info { get; } = new(normalization: false, caching: false);

    /// <summary>Trains the network.</summary>
    /// <param name="input">The training data, prepared by the steps before the trainer.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (the message names it).</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public H3deNetModel Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        var columns = new TrainingColumns(input.Schema, Options);
        H3deNetArchitecture architecture = Options.Architecture with { Head = Options.Head, LandmarkCount = columns.LandmarkNames.Count };
        RandomStream stream = new RandomStream(unchecked((ulong)(uint)_seed)).Fork(nameof(H3deNetTrainer));
        var rows = new TrainingRows(input, columns, stream.Fork("rows"), Options.PrefetchDepth);
        if (rows.Count == 0)
        {
            throw new ArgumentException("The training data has no rows.", nameof(input));
        }

        ValidationScans? validation = Options.ValidationData is null
            ? null
            : new ValidationScans(ScanPipelineReplay.Replay(input, Options.ValidationData), Options, columns.LandmarkNames);
        using IChannel channel = _host.Start("Training");
        channel.Info(MessageSensitivity.None, $"H3DE-Net: {rows.Count} training scans, {columns.LandmarkNames.Count} landmarks, head {Options.Head}, {Options.Epochs} epochs, batch {Options.BatchSize}.");
        var setup = new TrainingSetup(Options, architecture, stream);
        var fingerprint = RunFingerprint.Of(Options, _seed, input, Options.ValidationData);
        var run = new TrainingRun(Options, setup, rows, validation, columns.LandmarkNames, channel, _seed, fingerprint);
        H3deNetModelOptions modelOptions = run.Train();
        return new H3deNetModel(_host, setup.Best, modelOptions);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        return ScanSchemaShape.Apply(inputSchema, H3deNetModel.ShapeMapping(Options));
    }
}
