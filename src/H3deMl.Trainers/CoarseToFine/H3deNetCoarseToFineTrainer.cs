using System.Diagnostics;
using H3deMl.Core.Data;
using H3deMl.Core.MLNet;
using H3deMl.Trainers.CoarseToFine;
using H3deMl.Trainers.Refinement;
using H3deMl.Trainers.Registration;
using H3deMl.Trainers.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl;

/// <summary>Trains a complete landmark detector within a time budget, configuring itself from the data: pose
/// normalisation, template registration as the coarse stage, and an H3DE-Net that refines each landmark on
/// full-resolution patches. Returns one model: LoadVolume → NormalizePose → TemplateRegistration → H3deNetRefinement.</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description><c>ScanPath</c>, <c>Landmarks</c> (as <c>ml.Data.LoadScans</c> gives them)</description></item>
/// <item><term>Output columns</term><description><c>Volume</c> (pose-normalised), <c>PredictedLandmarks</c>, <c>PresenceProbabilities</c>, <c>PresenceDecisions</c></description></item>
/// </list>
/// <para>The choices (<see cref="CoarseToFinePlan"/>) are logged on the <c>MLContext</c> before the network trains. The
/// validation scans choose the refinement's jitter and which landmarks it refines, then join the registration's
/// templates. The refinement's learning rate anneals over the time left, so the run ends annealed.</para>
/// <para>Create it with <c>ml.Landmarks.Trainers.H3deNetCoarseToFine(…)</c>.</para>
/// </remarks>
public sealed class H3deNetCoarseToFineTrainer : IEstimator<TransformerChain<ITransformer>>
{
    private static readonly TimeSpan MinimumRefinementTime = TimeSpan.FromSeconds(15);
    private readonly MLContext _ml;
    private readonly IHost _host;
    private readonly int _seed;

    internal H3deNetCoarseToFineTrainer(MLContext ml, CoarseToFineOptions options)
    {
        _ml = ml;
        _host = ((IHostEnvironment)ml).Register(nameof(H3deNetCoarseToFineTrainer));
        _host.CheckValue(options, nameof(options));
        options.Validate();
        Options = options;
        _seed = _host.Rand.Next();
    }

    /// <summary>The options.</summary>
    public CoarseToFineOptions Options { get; }

    /// <summary>Reads the data, chooses the configuration, and trains every stage within the budget.</summary>
    /// <param name="input">The training scans (<c>ml.Data.LoadScans</c>).</param>
    /// <returns>The fitted chain.</returns>
    /// <exception cref="DatasetException">Too few scans to hold some out for validation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The budget leaves under a minute for the refinement network.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        var clock = Stopwatch.StartNew();
        using IChannel channel = _host.Start("H3deNetCoarseToFine");
        (IDataView train, IDataView validation) = Split(input);
        string? temporaryCache = Options.CacheDirectory is null ? Directory.CreateTempSubdirectory("h3deml-cache-").FullName : null;
        try
        {
            return Train(train, validation, Options.CacheDirectory ?? temporaryCache!, clock, channel);
        }
        finally
        {
            if (temporaryCache is not null)
            {
                Directory.Delete(temporaryCache, recursive: true);
            }
        }
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        SchemaShape loaded = _ml.Transforms.LoadVolume().GetOutputSchema(inputSchema);
        SchemaShape posed = _ml.Transforms.NormalizePose().GetOutputSchema(loaded);
        SchemaShape registered = _ml.Landmarks.Trainers.TemplateRegistration().GetOutputSchema(posed);
        return ScanSchemaShape.Apply(registered, H3deNetRefinementModel.ShapeMapping()); // a refinement trainer would draw a seed

    }

    private TransformerChain<ITransformer> Train(IDataView train, IDataView validation, string cache, Stopwatch clock, IChannel channel)
    {
        CancellationToken token = Options.CancellationToken;
        ITransformer load = _ml.Transforms.LoadVolume(cache).Fit(train);
        CoarseToFinePlan plan = CoarseToFinePlan.Choose(DataFingerprint.Measure(load.Transform(train), token), Options);
        token.ThrowIfCancellationRequested();
        ITransformer pose = _ml.Transforms.NormalizePose(plan.PoseSpacingMm).Fit(load.Transform(train));
        IDataView Posed(IDataView data) => pose.Transform(load.Transform(data));

        var registrationClock = Stopwatch.StartNew();
        TemplateRegistrationModel registration = _ml.Landmarks.Trainers.TemplateRegistration().Fit(Posed(train));
        IDataView validationCoarse = registration.Transform(Posed(validation));
        (double mean, double rms, _) = PredictionErrors.Measure(validationCoarse, token);
        TimeSpan registrationTime = registrationClock.Elapsed;
        plan = plan.WithRegistrationError(Options, mean, rms);
        plan = plan with { RefinementTime = RefinementTime(clock.Elapsed, registrationTime) };
        channel.Info(MessageSensitivity.None, "Plan:\n" + plan);

        H3deNetRefinementModel refinement = _ml.Landmarks.Trainers.H3deNetRefinement(RefinementOptions(plan, validationCoarse)).Fit(Posed(train));
        token.ThrowIfCancellationRequested();
        TemplateRegistrationModel templates = _ml.Landmarks.Trainers.TemplateRegistration().Fit([Posed(train), Posed(validation)]);
        channel.Info(MessageSensitivity.None, $"H3deNetCoarseToFine: trained in {clock.Elapsed.TotalMinutes:F1} min of a {Options.TimeBudget.TotalMinutes:F1} min budget.");
        ITransformer[] stages = [load, pose, templates, refinement];
        return new TransformerChain<ITransformer>(stages, [.. stages.Select(_ => TransformerScope.Everything)]);
    }

    // What is left of the budget once the final registration (about the first one's time again) and the per-landmark
    // choice on validation scans are set aside.
    private TimeSpan RefinementTime(TimeSpan elapsed, TimeSpan registrationTime)
    {
        TimeSpan left = Options.TimeBudget - elapsed - (1.5 * registrationTime) - TimeSpan.FromSeconds(10);
        if (left < MinimumRefinementTime)
        {
            throw new ArgumentOutOfRangeException(nameof(Options.TimeBudget), $"H3deNetCoarseToFine: the time budget of {Options.TimeBudget.TotalMinutes:F1} min leaves {Math.Max(0, left.TotalMinutes):F1} min for the refinement network after reading and registering the scans ({elapsed.TotalMinutes:F1} min); give at least {Math.Ceiling((Options.TimeBudget - left + MinimumRefinementTime).TotalMinutes)} min.");
        }

        return left;
    }

    private RefinementOptions RefinementOptions(CoarseToFinePlan plan, IDataView validationCoarse) => new()
    {
        SpacingMm = plan.RefinementSpacingMm,
        PatchSize = plan.PatchSize,
        JitterMm = plan.JitterMm,
        Architecture = Options.Architecture,
        Epochs = Options.MaxRefinementEpochs ?? 1_000_000,
        BatchSize = Options.BatchSize,
        LearningRate = Options.LearningRate,
        TimeLimit = plan.RefinementTime,
        WindowMin = plan.Window.Min,
        WindowMax = plan.Window.Max,
        ValidationData = validationCoarse,
        CancellationToken = Options.CancellationToken,
    };

    private (IDataView Train, IDataView Validation) Split(IDataView input)
    {
        if (Options.ValidationData is { } validation)
        {
            return (input, validation);
        }

        int rows = TrainingRows.CountRows(input);
        if (rows < 4)
        {
            throw new DatasetException($"H3deNetCoarseToFine: {rows} training scans; at least 4 are needed to hold some out for validation (or give validation scans).");
        }

        double fraction = Math.Max(Options.ValidationFraction, 2.0 / rows);
        DataOperationsCatalog.TrainTestData split = _ml.Data.TrainTestSplit(input, fraction, seed: _seed);
        return (split.TrainSet, split.TestSet);
    }
}
