using System.Globalization;
using System.Text.Json;
using H3deMl.Tensors;
using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Model;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl.Cli.Commands;

/// <summary>
/// Runs <c>h3de train</c>: checks every input and the output before training, fits <see cref="TrainPipeline"/> and saves it
/// with <c>ml.Model.Save</c>. Ctrl+C lets the running batch finish, writes a checkpoint and prints the command that
/// resumes; the exit code is then <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal static class TrainRun
{
    public static int Run(TrainArguments a, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (TrainSettings.Parse(a, out string problem) is not { } s)
        {
            return Fail(error, problem, ExitCodes.Usage);
        }

        if (!a.Out.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(error, $"--out {a.Out}: the model is written as a .zip file.", ExitCodes.Usage);
        }

        foreach (string? dir in new[] { a.Train, a.Val })
        {
            if (dir is not null && !Directory.Exists(dir) && !File.Exists(dir))
            {
                return Fail(error, $"{dir}: the folder does not exist.", ExitCodes.BadInput);
            }
        }

        if (((a.Resume is null ? null : CheckpointFile.Problem(a.Resume)) ?? OutputFile.Problem(a.Out, a.Overwrite)) is { } bad)
        {
            return Fail(error, bad, ExitCodes.BadInput);
        }

        if (a.Threads is { } t)
        {
            ComputeSettings.Threads = t;
        }

        var ml = new MLContext(a.Seed);
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var view = new TrainingProgressView(output, live);
        ml.Log += (_, e) =>
        {
            if (e.Kind is ChannelMessageKind.Warning or ChannelMessageKind.Error)
            {
                view.EndLine();
                error.WriteLine($"h3de: {CommandErrors.OneLine(e.Message)}");
            }
        };

        IDataView train = ml.Data.LoadScans(a.Train);
        IDataView? validation = a.Val is null ? null : ml.Data.LoadScans(a.Val);
        if (a.SelfConfigured)
        {
            return TrainCoarseToFineRun.Run(a, s.TimeLimit, ml, train, validation, output, error, cancellationToken);
        }
        H3deHead head = a.Head switch
        {
            "heatmap" => H3deHead.Heatmap,
            "anchors" => H3deHead.Anchors,
            "both" => H3deHead.Both,
            _ => TrainPipeline.HasMissingLandmarks(train) ? H3deHead.Anchors : H3deHead.Heatmap,
        };
        string checkpointDir = a.CheckpointDir ?? Path.ChangeExtension(a.Out, null) + ".checkpoints";
        string checkpoint = Path.Combine(checkpointDir, "last.ckpt");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new H3deNetOptions
        {
            Architecture = s.Architecture,
            Head = head,
            Epochs = s.Epochs,
            BatchSize = s.BatchSize,
            LearningRate = s.LearningRate,
            TimeLimit = s.TimeLimit,
            HeatmapDecodeMinimumVoxels = s.HeatmapDecodeMinimumVoxels,
            ValidationData = validation,
            CheckpointDirectory = checkpointDir,
            ResumeFrom = a.Resume,
            Progress = view,
            CancellationToken = stop.Token,
        };
        EstimatorChain<H3deNetModel> estimator = TrainPipeline.Create(ml, s, head, a.Cache, options);

        string validating = validation is null ? "" : $", validating on {validation.GetRowCount()} from {a.Val}";
        string resampled = (s.NormalizePose ? ", pose normalised" : "") + (s.SpacingMm is { } mm ? string.Create(CultureInfo.InvariantCulture, $", resampled to {mm:G4} mm") : "");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training H3DE-Net ({a.Config}, head {head.ToString().ToLowerInvariant()}) on {train.GetRowCount()} scans from {a.Train}{validating}; {LandmarkColumns.Names(train).Count} landmarks{resampled}, crop {s.Crop[0]}×{s.Crop[1]}×{s.Crop[2]}, {s.Epochs} epochs, batch {s.BatchSize}, lr {s.LearningRate:G3}, seed {a.Seed}, {ComputeSettings.Threads} threads."));
        if (a.Resume is not null)
        {
            output.WriteLine($"Resuming from {a.Resume}.");
        }

        void OnCtrlC(object? sender, ConsoleCancelEventArgs e)
        {
            if (stop.IsCancellationRequested)
            {
                return; // a second Ctrl+C ends the process at once
            }

            e.Cancel = true;
            view.EndLine();
            error.WriteLine("h3de: stopping after the running batch to write a checkpoint (press Ctrl+C again to quit at once)...");
            stop.Cancel();
        }

        DateTime checkpointBefore = File.Exists(checkpoint) ? File.GetLastWriteTimeUtc(checkpoint) : DateTime.MinValue;
        Console.CancelKeyPress += OnCtrlC;
        TransformerChain<H3deNetModel> model;
        try
        {
            model = estimator.Fit(train);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            view.EndLine();
            if (File.Exists(checkpoint) && File.GetLastWriteTimeUtc(checkpoint) > checkpointBefore)
            {
                error.WriteLine($"h3de: training interrupted; checkpoint written to {checkpoint}. Resume with:");
                error.WriteLine("  " + TrainResumeCommand.Text(a, checkpoint));
            }
            else
            {
                error.WriteLine("h3de: training interrupted before the first batch finished; no checkpoint was written.");
            }

            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (a.Resume is not null && e is ModelFormatException or InvalidDataException or JsonException or ArgumentException)
        {
            // The checkpoint read but does not fit this run (another configuration, head or landmark count).
            view.EndLine();
            return Fail(error, $"{a.Resume}: cannot resume from this checkpoint ({CommandErrors.OneLine(e.Message)}).", ExitCodes.BadInput);
        }
        finally
        {
            Console.CancelKeyPress -= OnCtrlC;
        }

        view.EndLine();
        string partial = a.Out + ".partial";
        ml.Model.Save(model, train.Schema, partial);
        File.Move(partial, a.Out, overwrite: true);
        PrintSummary(output, a.Out, model.LastTransformer);
        return ExitCodes.Success;
    }

    private static void PrintSummary(TextWriter output, string path, H3deNetModel net)
    {
        IReadOnlyDictionary<string, string> summary = net.Options.TrainingSummary;
        string best = summary.TryGetValue("bestValidationMreMm", out string? mre) && double.TryParse(mre, NumberStyles.Float, CultureInfo.InvariantCulture, out double m)
            ? string.Create(CultureInfo.InvariantCulture, $"; best validation MRE {m:F2} mm at epoch {summary["bestEpoch"]}")
            : "";
        string seconds = summary.TryGetValue("seconds", out string? sec) ? $" in {sec} s" : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Saved {path} ({new FileInfo(path).Length / 1024} KiB, {net.Model.ParameterCount:N0} parameters) after {summary.GetValueOrDefault("epochs", "?")} epochs{seconds}{best}; presence threshold {net.PresenceThreshold:F3}."));
        output.WriteLine($"Next: h3de evaluate --model {CommandLineText.Quote(path)} --data DIR   or   h3de predict --model {CommandLineText.Quote(path)} SCAN");
    }

    private static int Fail(TextWriter error, string message, int code)
    {
        error.WriteLine($"h3de: {message}");
        return code;
    }
}
