using System.Diagnostics;
using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Optim;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Losses;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;
using H3deMl.Transforms.Conversion;
using H3deMl.Transforms.Targets;

namespace H3deMl.Trainers.Training;

/// <summary>
/// Trains an <see cref="H3deNet"/> on crops prepared by the pipeline (a crop step and the target encoder of each
/// head) and returns the trained <see cref="H3deNetModel"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Learns from data</term><description>Yes.</description></item>
/// <item><term>Input</term><description>Rows with equally sized scalar crops, landmarks, and the features
/// <see cref="TargetFeatureKeys.Heatmap"/> and/or <see cref="TargetFeatureKeys.Anchors"/> for the chosen head.</description></item>
/// <item><term>Output</term><description>An <see cref="H3deNetModel"/>.</description></item>
/// </list>
/// Per epoch the rows are shuffled with a stream derived from the context seed and the epoch; after each epoch the
/// schedule steps, the validation MRE is measured (if validation data is given), the best weights are kept, and a
/// checkpoint is written. Training stops after <see cref="H3deNetOptions.Patience"/> epochs without improvement.
/// The same seed gives bit-identical weights whatever the thread count (DECISIONS.md §11).
/// </remarks>
public sealed class H3deNetTrainer : IScanEstimator<H3deNetModel>
{
    private readonly H3deContext _context;

    internal H3deNetTrainer(H3deContext context, H3deNetOptions options, IProgress<TrainingProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        Options = options;
        Progress = progress;
    }

    /// <summary>The options.</summary>
    public H3deNetOptions Options { get; }

    /// <summary>Where progress reports go, if anywhere.</summary>
    public IProgress<TrainingProgress>? Progress { get; }

    /// <inheritdoc />
    public H3deNetModel Fit(ScanDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count == 0) throw new ArgumentException("The training data has no rows.", nameof(input));
        var names = input.LandmarkNames;
        if (names.Count == 0) throw new ArgumentException("The training data has no landmark names.", nameof(input));
        var o = Options;
        var architecture = o.Architecture with { Head = o.Head, LandmarkCount = names.Count };
        var root = new RandomStream((ulong)(uint)_context.Seed).Fork("H3deNetTrainer");
        var network = new H3deNet(architecture, root.Fork("init"));
        var best = new H3deNet(architecture, root.Fork("init"));
        var parameters = network.Parameters().ToList();
        Optimizer optimizer = o.Optimizer == OptimizerKind.Adam
            ? new Adam(parameters, new AdamOptions { LearningRate = o.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, WeightDecay = o.WeightDecay })
            : new AdamW(parameters, new AdamWOptions { LearningRate = o.LearningRate, Beta1 = o.Beta1, Beta2 = o.Beta2, WeightDecay = o.WeightDecay });
        LearningRateSchedule schedule = o.Schedule == ScheduleKind.Exponential
            ? new ExponentialLr(optimizer, new ExponentialLrOptions { Gamma = o.LearningRateDecay, MinimumFraction = o.MinimumLearningRateFraction })
            : new CosineLr(optimizer, new CosineLrOptions { Epochs = o.Epochs, MinimumLearningRate = o.LearningRate * o.MinimumLearningRateFraction });
        var heatmapLoss = new HeatmapLoss(o.HeatmapLoss, o.HeatmapMissingNegatives, o.HeatmapLocalizationWeight);
        var anchorLoss = new AnchorLoss(o.AnchorLoss);
        var validation = o.ValidationData is null ? null : input.ReplayStepsOn(o.ValidationData, StepScope.Evaluation);

        var state = new Checkpoint.State(Checkpoint.FormatVersion, 0, 0, o.LearningRate, double.PositiveInfinity, 0, 0, _context.Seed);
        if (o.ResumeFrom is not null)
        {
            state = Checkpoint.Read(o.ResumeFrom, network, best, optimizer, schedule);
            _context.WriteLog(H3deLogLevel.Information, nameof(H3deNetTrainer), $"Resumed from {o.ResumeFrom} after epoch {state.Epoch}" + (state.BatchesDone > 0 ? $" and {state.BatchesDone} batches of epoch {state.Epoch + 1}." : "."));
        }
        else
        {
            if (o.HeatmapHeadInitialBias is { } bias && network.NamedParameters().FirstOrDefault(p => p.Name == "final_conv.bias").Parameter is { } headBias)
                headBias.Value.AsSpan().Fill((float)bias);
            best.LoadStateDict(network.StateDict());
        }

        (int A0, int A1, int A2)? window = null;
        IReadOnlyList<double> radii = [0.5, 0.75, 1.0, 1.25];
        var batches = (input.Count + o.BatchSize - 1) / o.BatchSize;
        var clock = Stopwatch.StartNew();
        var firstEpoch = state.Epoch + 1;
        var trained = 0;
        double? lastMre = double.IsFinite(state.BestMreMm) ? state.BestMreMm : null;
        IReadOnlyDictionary<double, double>? lastSdr = null;
        void Observe(ScanRow row)
        {
            window ??= (row.Volume!.Size.I, row.Volume!.Size.J, row.Volume!.Size.K);
            if (row.TryGetFeature<AnchorTargets>(TargetFeatureKeys.Anchors, out var at)) radii = at.RadiiCells;
        }

        // Cancellation is honoured between batches (the running batch finishes). With a checkpoint directory the state
        // after the last finished batch is written first (batches done, schedule before this epoch's step), so Resume
        // continues exactly there (rows draw their randomness from their index and the epoch, not their position).
        void Interrupt(int epoch, int batchesDone, LearningRateScheduleState scheduleBefore)
        {
            if (o.CheckpointDirectory is not null)
            {
                var path = Path.Combine(o.CheckpointDirectory, "last.ckpt");
                Checkpoint.Write(path, network, best, optimizer, state with
                {
                    Epoch = epoch - 1, BatchesDone = batchesDone, ScheduleEpoch = scheduleBefore.Epoch, ScheduleLearningRate = scheduleBefore.LearningRate,
                });
                _context.WriteLog(H3deLogLevel.Information, nameof(H3deNetTrainer), $"Cancelled in epoch {epoch} after batch {batchesDone}/{batches}; checkpoint written to {path}.");
            }
            cancellationToken.ThrowIfCancellationRequested();
        }

        for (var epoch = state.Epoch + 1; epoch <= o.Epochs; epoch++)
        {
            network.Train();
            var order = Shuffle(input.Count, root.Fork($"epoch{epoch}"));
            var batch = new List<ScanRow>(o.BatchSize);
            var batchIndex = epoch == firstEpoch ? state.BatchesDone : 0;
            var resumedBatches = batchIndex;
            if (batchIndex > 0) order = order[Math.Min(order.Length, batchIndex * o.BatchSize)..];
            var scheduleBefore = schedule.GetState();
            double lossSum = 0;
            var epochClock = Stopwatch.StartNew();
            foreach (var row in input.Enumerate(epoch, order))
            {
                batch.Add(row);
                if (batch.Count < o.BatchSize && batchIndex * o.BatchSize + batch.Count < input.Count) continue;
                if (cancellationToken.IsCancellationRequested) Interrupt(epoch, batchIndex, scheduleBefore);
                Observe(batch[0]);
                var (loss, terms) = Step(network, optimizer, batch, heatmapLoss, anchorLoss, architecture.Head);
                batchIndex++;
                trained += batch.Count;
                lossSum += loss;
                var perSecond = trained / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                var remaining = TimeSpan.FromSeconds((((o.Epochs - epoch) * batches) + (batches - batchIndex)) * o.BatchSize / Math.Max(perSecond, 1e-9));
                Progress?.Report(new TrainingProgress(epoch, o.Epochs, batchIndex, batches, loss, terms, optimizer.LearningRate, lastMre, lastSdr, perSecond, clock.Elapsed, remaining));
                batch.Clear();
            }
            if (cancellationToken.IsCancellationRequested) Interrupt(epoch, batchIndex, scheduleBefore);
            schedule.Step();

            var improved = false;
            if (validation is not null && (epoch % o.ValidationInterval == 0 || epoch == o.Epochs))
            {
                network.Eval();
                if (window is null) Observe(input.GetRow(0, epoch, cancellationToken));   // resumed after the epoch's last batch
                var inference = new NetworkInference(network, window!.Value, o.HeatmapDecodeMinimumVoxels, radii);
                (double Mre, IReadOnlyDictionary<double, double> Sdr) validated = default;
                try
                {
                    validated = ValidationMetrics.Evaluate(validation, inference, 0, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interrupt(epoch, batches, scheduleBefore);
                    throw;
                }
                var (mre, sdr) = validated;
                (lastMre, lastSdr) = (mre, sdr);
                if (mre < state.BestMreMm)
                {
                    improved = true;
                    best.LoadStateDict(network.StateDict());
                    state = state with { BestMreMm = mre, BestEpoch = epoch, EpochsWithoutImprovement = 0 };
                }
                else
                {
                    state = state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
                }
            }
            else if (validation is null)
            {
                best.LoadStateDict(network.StateDict());
                state = state with { BestEpoch = epoch };
            }
            var scheduleState = schedule.GetState();
            state = state with { Epoch = epoch, BatchesDone = 0, ScheduleEpoch = scheduleState.Epoch, ScheduleLearningRate = scheduleState.LearningRate };
            var meanLoss = batchIndex > resumedBatches ? lossSum / (batchIndex - resumedBatches) : double.NaN;   // NaN: resumed after the epoch's last batch
            _context.WriteLog(H3deLogLevel.Information, nameof(H3deNetTrainer),
                $"epoch {epoch}/{o.Epochs}: loss {meanLoss:G5}, lr {optimizer.LearningRate:G3}" + (lastMre is { } m ? $", validation MRE {m:F3} mm{(improved ? " (best)" : "")}" : "") + $", {epochClock.Elapsed.TotalSeconds:F1} s");
            Progress?.Report(new TrainingProgress(epoch, o.Epochs, 0, batches, meanLoss, new Dictionary<string, double>(), optimizer.LearningRate, lastMre, lastSdr,
                trained / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed, TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / (epoch - firstEpoch + 1) * (o.Epochs - epoch))));
            if (o.CheckpointDirectory is not null)
                Checkpoint.Write(Path.Combine(o.CheckpointDirectory, "last.ckpt"), network, best, optimizer, state);
            if (o.TimeLimit is { } limit && clock.Elapsed >= limit && epoch < o.Epochs)
            {
                _context.WriteLog(H3deLogLevel.Information, nameof(H3deNetTrainer), $"Stopped after epoch {epoch}: the time limit of {limit.TotalMinutes:F1} min is reached" + (double.IsFinite(state.BestMreMm) ? $" (best validation MRE {state.BestMreMm:F3} mm at epoch {state.BestEpoch})." : "."));
                break;
            }
            if (validation is not null && state.EpochsWithoutImprovement >= o.Patience)
            {
                _context.WriteLog(H3deLogLevel.Information, nameof(H3deNetTrainer), $"Early stop after epoch {epoch}: no better validation MRE for {o.Patience} epochs (best {state.BestMreMm:F3} mm at epoch {state.BestEpoch}).");
                break;
            }
        }

        var w = window ?? (128, 128, 64);
        var presenceThreshold = o.PresenceThreshold;
        if (validation is not null && o.ChoosePresenceThreshold)
        {
            best.Eval();
            var samples = PresenceThresholdSelection.Samples(validation, new NetworkInference(best, w, o.HeatmapDecodeMinimumVoxels, radii), cancellationToken);
            presenceThreshold = PresenceThresholdSelection.Choose(samples, o.PresenceThreshold);
            _context.WriteLog(H3deLogLevel.Information, nameof(H3deNetTrainer),
                $"Presence threshold {presenceThreshold:G4} (chosen on {samples.Count} validation landmarks, {samples.Count(s => !s.Present)} missing).");
        }
        var summary = new Dictionary<string, string>
        {
            ["epochs"] = state.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["bestEpoch"] = state.BestEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["bestValidationMreMm"] = double.IsFinite(state.BestMreMm) ? state.BestMreMm.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "n/a",
            ["seconds"] = clock.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = _context.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["presenceThreshold"] = presenceThreshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        return new H3deNetModel(best, new H3deNetModelOptions
        {
            Architecture = architecture,
            LandmarkNames = names,
            WindowSize = [w.A0, w.A1, w.A2],
            HeatmapDecodeMinimumVoxels = o.HeatmapDecodeMinimumVoxels,
            AnchorRadiiCells = radii,
            PresenceThreshold = presenceThreshold,
            TrainingSummary = summary,
        });
    }

    private (double Loss, IReadOnlyDictionary<string, double> Terms) Step(H3deNet network, Optimizer optimizer, List<ScanRow> batch,
        HeatmapLoss heatmapLoss, AnchorLoss anchorLoss, H3deHead head)
    {
        using var scope = new TensorScope();
        var volumes = new Volume[batch.Count];
        for (var i = 0; i < batch.Count; i++) volumes[i] = batch[i].RequireVolume(nameof(H3deNetTrainer));
        var input = VolumeTensor.ToNetworkBatch(volumes);
        var output = network.Forward(input);
        var terms = new Dictionary<string, double>();
        Tensor? loss = null;
        if (output.Heatmap is not null)
        {
            var targets = Functional.Concat(batch.Select(r => r.GetFeature<Tensor>(TargetFeatureKeys.Heatmap).Unsqueeze(0)).ToList(), 0);
            var h = heatmapLoss.Compute(output.Heatmap, targets);
            terms["heatmap"] = h.Item();
            loss = head == H3deHead.Both ? h * (float)Options.HeatmapLossWeight : h;
        }
        if (output.Anchors is not null)
        {
            var t = anchorLoss.Compute(output.Anchors, batch.Select(r => r.GetFeature<AnchorTargets>(TargetFeatureKeys.Anchors)).ToList());
            terms["anchor.positive"] = t.Positive;
            terms["anchor.otherClasses"] = t.OtherClasses;
            terms["anchor.hardNegatives"] = t.HardNegatives;
            terms["anchor.background"] = t.Background;
            terms["anchor.offsets"] = t.Offsets;
            loss = loss is null ? t.Total : loss + t.Total;
        }
        optimizer.ZeroGrad();
        loss!.Backward();
        if (Options.GradientClipNorm is { } clip) GradientClipping.ClipByNorm(optimizer.Parameters, clip);
        optimizer.Step();
        return (loss.Item(), terms);
    }

    private static int[] Shuffle(int count, RandomStream random)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
