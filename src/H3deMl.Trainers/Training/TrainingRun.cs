using System.Diagnostics;
using System.Globalization;
using H3deMl.Tensors.Optim.Schedules;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Prediction;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Training;

/// <summary>One training run: epochs of batches, validation, best-weight selection, checkpoints, early stopping and
/// the time limit, then the presence threshold; the result is the options of the trained model.</summary>
/// <remarks>The run is deterministic for a seed whatever the thread count: batch order and every random step derive from
/// the run's stream (<see cref="TrainingRows"/>), and the kernels partition work and reduce in a fixed order.</remarks>
internal sealed class TrainingRun
{
    private static readonly IReadOnlyList<double> DefaultAnchorRadii = [0.5, 0.75, 1.0, 1.25];

    private readonly H3deNetOptions _o;
    private readonly TrainingSetup _setup;
    private readonly TrainingRows _rows;
    private readonly ValidationScans? _validation;
    private readonly IReadOnlyList<string> _names;
    private readonly IChannel _channel;
    private readonly CancellationToken _cancellation;
    private readonly int _batches;
    private Checkpoint.State _state;
    private (int A0, int A1, int A2)? _window;
    private IReadOnlyList<double> _radii = DefaultAnchorRadii;
    private double? _lastMre;
    private IReadOnlyDictionary<double, double>? _lastSdr;
    private int _trained;

    public TrainingRun(H3deNetOptions options, TrainingSetup setup, TrainingRows rows, ValidationScans? validation, IReadOnlyList<string> names, IChannel channel, int seed, IReadOnlyDictionary<string, string> fingerprint)
    {
        _o = options;
        _setup = setup;
        _rows = rows;
        _validation = validation;
        _names = names;
        _channel = channel;
        _cancellation = options.CancellationToken;
        _batches = (rows.Count + options.BatchSize - 1) / options.BatchSize;
        _state = new Checkpoint.State(Checkpoint.FormatVersion, 0, 0, options.LearningRate, double.PositiveInfinity, 0, 0, seed, Fingerprint: fingerprint);
        if (options.ResumeFrom is not null)
        {
            _state = Checkpoint.Read(options.ResumeFrom, setup.Network, setup.Best, setup.Optimizer, setup.Schedule, fingerprint);
            _lastMre = double.IsFinite(_state.BestMreMm) ? _state.BestMreMm : null;
            Log($"Resumed from {options.ResumeFrom} after epoch {_state.Epoch}" + (_state.BatchesDone > 0 ? $" and {_state.BatchesDone} batches of epoch {_state.Epoch + 1}." : "."));
        }
    }

    /// <summary>Trains until the last epoch, early stopping or the time limit; returns the trained model's options.</summary>
    public H3deNetModelOptions Train()
    {
        int firstEpoch = _state.Epoch + 1;
        for (int epoch = firstEpoch; epoch <= _o.Epochs; epoch++)
        {
            LearningRateScheduleState scheduleBefore = _setup.Schedule.GetState();
            var epochClock = Stopwatch.StartNew();
            (double meanLoss, int batchesDone) = RunEpoch(epoch, epoch == firstEpoch ? _state.BatchesDone : 0, scheduleBefore);
            _setup.Schedule.Step();
            bool improved = Validate(epoch, batchesDone, scheduleBefore);
            LearningRateScheduleState after = _setup.Schedule.GetState();
            _state = _state with { Epoch = epoch, BatchesDone = 0, ScheduleEpoch = after.Epoch, ScheduleLearningRate = after.LearningRate };
            Log($"epoch {epoch}/{_o.Epochs}: loss {meanLoss:G5}, lr {_setup.Optimizer.LearningRate:G3}" + (_lastMre is { } m ? $", validation MRE {m:F3} mm{(improved ? " (best)" : "")}" : "") + $", {epochClock.Elapsed.TotalSeconds:F1} s");
            _o.Progress?.Report(Progress(epoch, 0, meanLoss, new Dictionary<string, double>(), TimeSpan.FromSeconds(_setup.Clock.Elapsed.TotalSeconds / (epoch - firstEpoch + 1) * (_o.Epochs - epoch))));
            WriteCheckpoint(_state);
            if (ShouldStop(epoch))
            {
                break;
            }
        }

        return ModelOptions(ChoosePresenceThreshold());
    }

    private (double MeanLoss, int BatchesDone) RunEpoch(int epoch, int resumedBatches, LearningRateScheduleState scheduleBefore)
    {
        _setup.Network.Train();
        var batch = new List<TrainingSample>(_o.BatchSize);
        int batchIndex = resumedBatches;
        double lossSum = 0;
        int rowsLeft = _rows.Count - (resumedBatches * _o.BatchSize);
        foreach (TrainingSample sample in _rows.Epoch(epoch, resumedBatches * _o.BatchSize, _cancellation))
        {
            batch.Add(sample);
            rowsLeft--;
            if (batch.Count < _o.BatchSize && rowsLeft > 0)
            {
                continue;
            }

            if (_cancellation.IsCancellationRequested)
            {
                Interrupt(epoch, batchIndex, scheduleBefore);
            }

            Observe(batch[0]);
            (double loss, IReadOnlyDictionary<string, double> terms) = TrainingStep.Run(_setup, batch, _o);
            batchIndex++;
            _trained += batch.Count;
            lossSum += loss;
            double remainingSamples = (((_o.Epochs - epoch) * _batches) + (_batches - batchIndex)) * _o.BatchSize;
            _o.Progress?.Report(Progress(epoch, batchIndex, loss, terms, TimeSpan.FromSeconds(remainingSamples / Math.Max(SamplesPerSecond, 1e-9))));
            batch.Clear();
        }

        if (_cancellation.IsCancellationRequested)
        {
            Interrupt(epoch, batchIndex, scheduleBefore);
        }

        return (batchIndex > resumedBatches ? lossSum / (batchIndex - resumedBatches) : double.NaN, batchIndex);
    }

    private bool Validate(int epoch, int batchesDone, LearningRateScheduleState scheduleBefore)
    {
        if (_validation is null)
        {
            _setup.Best.LoadStateDict(_setup.Network.StateDict());
            _state = _state with { BestEpoch = epoch };
            return false;
        }

        if (epoch % _o.ValidationInterval != 0 && epoch != _o.Epochs)
        {
            return false;
        }

        _setup.Network.Eval();
        if (_window is null)
        {
            Observe(_rows.Epoch(epoch, 0, _cancellation).First());   // resumed after the epoch's last batch
        }

        try
        {
            (double mre, IReadOnlyDictionary<double, double> sdr) = ValidationMetrics.Evaluate(_validation.Read(_names, _cancellation), Inference(_setup.Network), _cancellation);
            (_lastMre, _lastSdr) = (mre, sdr);
            if (mre < _state.BestMreMm)
            {
                _setup.Best.LoadStateDict(_setup.Network.StateDict());
                _state = _state with { BestMreMm = mre, BestEpoch = epoch, EpochsWithoutImprovement = 0 };
                return true;
            }

            _state = _state with { EpochsWithoutImprovement = _state.EpochsWithoutImprovement + 1 };
            return false;
        }
        catch (OperationCanceledException)
        {
            Interrupt(epoch, batchesDone, scheduleBefore);
            throw;
        }
    }

    private bool ShouldStop(int epoch)
    {
        if (_o.TimeLimit is { } limit && _setup.Clock.Elapsed >= limit && epoch < _o.Epochs)
        {
            Log($"Stopped after epoch {epoch}: the time limit of {limit.TotalMinutes:F1} min is reached" + (double.IsFinite(_state.BestMreMm) ? $" (best validation MRE {_state.BestMreMm:F3} mm at epoch {_state.BestEpoch})." : "."));
            return true;
        }

        if (_validation is not null && _state.EpochsWithoutImprovement >= _o.Patience)
        {
            Log($"Early stop after epoch {epoch}: no better validation MRE for {_o.Patience} epochs (best {_state.BestMreMm:F3} mm at epoch {_state.BestEpoch}).");
            return true;
        }

        return false;
    }

    /// <summary>Cancellation is honoured between batches; with a checkpoint directory the state after the last finished
    /// batch is written first (batches done, schedule before this epoch's step), so a resume continues exactly there.</summary>
    private void Interrupt(int epoch, int batchesDone, LearningRateScheduleState scheduleBefore)
    {
        if (_o.CheckpointDirectory is not null)
        {
            WriteCheckpoint(_state with { Epoch = epoch - 1, BatchesDone = batchesDone, ScheduleEpoch = scheduleBefore.Epoch, ScheduleLearningRate = scheduleBefore.LearningRate });
            Log($"Cancelled in epoch {epoch} after batch {batchesDone}/{_batches}; checkpoint written to {CheckpointPath}.");
        }

        _cancellation.ThrowIfCancellationRequested();
    }

    private double ChoosePresenceThreshold()
    {
        if (_validation is null || !_o.ChoosePresenceThreshold)
        {
            return _o.PresenceThreshold;
        }

        _setup.Best.Eval();
        List<(double Probability, bool Present)> samples = PresenceThresholdSelection.Samples(_validation.Read(_names, _cancellation), Inference(_setup.Best), _cancellation);
        double threshold = PresenceThresholdSelection.Choose(samples, _o.PresenceThreshold);
        int missing = samples.Count(s => !s.Present);
        Log(threshold == _o.PresenceThreshold && (missing < PresenceThresholdSelection.MinimumPerClass || samples.Count - missing < PresenceThresholdSelection.MinimumPerClass)
            ? $"Presence threshold {threshold:G4} kept: {missing} missing and {samples.Count - missing} present validation landmarks are too few to choose one (at least {PresenceThresholdSelection.MinimumPerClass} of each)."
            : $"Presence threshold {threshold:G4} (chosen on {samples.Count} validation landmarks, {missing} missing).");
        return threshold;
    }

    private H3deNetModelOptions ModelOptions(double presenceThreshold)
    {
        (int A0, int A1, int A2) w = _window ?? (128, 128, 64);
        return new H3deNetModelOptions
        {
            Architecture = _setup.Architecture,
            LandmarkNames = _names,
            WindowSize = [w.A0, w.A1, w.A2],
            HeatmapDecodeMinimumVoxels = _o.HeatmapDecodeMinimumVoxels,
            AnchorRadiiCells = _radii,
            PresenceThreshold = presenceThreshold,
            TrainingSummary = new Dictionary<string, string>
            {
                ["epochs"] = _state.Epoch.ToString(CultureInfo.InvariantCulture),
                ["bestEpoch"] = _state.BestEpoch.ToString(CultureInfo.InvariantCulture),
                ["bestValidationMreMm"] = double.IsFinite(_state.BestMreMm) ? _state.BestMreMm.ToString("R", CultureInfo.InvariantCulture) : "n/a",
                ["seconds"] = _setup.Clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                ["seed"] = _state.Seed.ToString(CultureInfo.InvariantCulture),
                ["presenceThreshold"] = presenceThreshold.ToString("R", CultureInfo.InvariantCulture),
            },
        };
    }

    private void Observe(TrainingSample sample)
    {
        _window ??= (sample.Volume.Size.I, sample.Volume.Size.J, sample.Volume.Size.K);
        if (sample.Anchors is { } anchors)
        {
            _radii = anchors.RadiiCells;
        }
    }

    private NetworkInference Inference(Network.H3deNet network) =>
        new(network, _window ?? (128, 128, 64), _o.HeatmapDecodeMinimumVoxels, _radii);

    private double SamplesPerSecond => _trained / Math.Max(1e-9, _setup.Clock.Elapsed.TotalSeconds);

    private string CheckpointPath => Path.Combine(_o.CheckpointDirectory!, "last.ckpt");

    private void WriteCheckpoint(Checkpoint.State state)
    {
        if (_o.CheckpointDirectory is not null)
        {
            Checkpoint.Write(CheckpointPath, _setup.Network, _setup.Best, _setup.Optimizer, state);
        }
    }

    private TrainingProgress Progress(int epoch, int batch, double loss, IReadOnlyDictionary<string, double> terms, TimeSpan remaining) =>
        new(epoch, _o.Epochs, batch, _batches, loss, terms, _setup.Optimizer.LearningRate, _lastMre, _lastSdr, SamplesPerSecond, _setup.Clock.Elapsed, remaining);

    private void Log(string message) => _channel.Info(MessageSensitivity.None, message);
}
