using System.CommandLine;
using System.Globalization;
using H3deMl.Core.Data;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors;
using H3deMl.Trainers;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;
using H3deMl.Transforms.Intensity;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de train --train DIR --out MODEL.zip [...]</c>: fits the standard pipeline (load → normalise intensity → random
/// crop and targets for training / centre crop for evaluation → H3DE-Net) and saves it as a model zip. Ctrl+C lets the
/// running batch finish, writes a checkpoint and prints the command that resumes; the exit code is then
/// <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] Heads = ["auto", "heatmap", "anchors", "both"];
    private static readonly string[] Configs = ["reference", "small"];

    public static Command Create(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var train = new Option<string>("--train") { Description = "The training data: a folder (or manifest .csv) as 'h3de synth' writes or the reference layout (see ml.Data.LoadFromDirectory).", Required = true };
        var val = new Option<string?>("--val") { Description = "Validation data (same layouts): measured after every epoch; the model keeps the weights with the best validation MRE and training stops early after 20 epochs without improvement. Without it the last epoch's weights are kept." };
        var outPath = new Option<string>("--out") { Description = "The model zip to write.", Required = true };
        var head = new Option<string>("--head") { Description = "Output head: heatmap, anchors, both, or auto (default: heatmap when every training case has every landmark, anchors otherwise).", DefaultValueFactory = _ => "auto" };
        head.AcceptOnlyFromAmong(Heads);
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs (default 200)." };
        var batch = new Option<int?>("--batch") { Description = "Crops per optimisation step (default 4)." };
        var crop = new Option<string>("--crop") { Description = "Training crop in voxels as X,Y,Z (the reference uses 128,128,64); at prediction, scans larger than the crop are covered by a sliding window.", DefaultValueFactory = _ => "128,128,64" };
        var config = new Option<string>("--config") { Description = "Network size: reference (24.5 M parameters, the published network) or small (about 1.2 M, for quick experiments and tests).", DefaultValueFactory = _ => "reference" };
        config.AcceptOnlyFromAmong(Configs);
        var window = new Option<string?>("--window") { Description = "Intensity window MIN,MAX in scan units (e.g. -1000,2000 for CT in HU), scaled to [0, 1]. Default: each scan's 0.5 to 99.5 percentile range." };
        var seed = new Option<int>("--seed") { Description = "The seed of initialisation, data order and crops; the same seed gives the same model.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: all cores). Results do not depend on it." };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint written by an earlier (interrupted) run with the same data and options." };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Where to write the checkpoint (last.ckpt) after every epoch and on Ctrl+C (default: MODEL.checkpoints next to the model zip)." };
        var command = new Command(
            "train",
            "Train H3DE-Net on a folder of scans with landmarks and save the whole pipeline (preprocessing + network) as a model zip. " +
            "Shows a live progress bar (epoch, batch, loss, validation MRE, time left). Ctrl+C finishes the running batch, writes a checkpoint, " +
            "prints the command that resumes, and exits with code 130.\n\n" +
            "Examples:\n" +
            "  h3de train --train data/train --val data/val --out h3de.zip\n" +
            "  h3de train --train data/phantoms --out small.zip --config small --crop 64,64,64 --epochs 20 --window -1000,2000\n" +
            "  h3de train --train data/train --out h3de.zip --resume h3de.checkpoints/last.ckpt")
        {
            train, val, outPath, head, epochs, batch, crop, config, window, seed, threads, resume, checkpointDir,
        };
        command.SetAction(parse => CommandErrors.Guard(error, () => Run(
            new Arguments(
                parse.GetValue(train)!, parse.GetValue(val), parse.GetValue(outPath)!, parse.GetValue(head)!, parse.GetValue(epochs), parse.GetValue(batch),
                parse.GetValue(crop)!, parse.GetValue(config)!, parse.GetValue(window), parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(resume),
                parse.GetValue(checkpointDir)),
            output, error, cancellationToken)));
        return command;
    }

    /// <summary>The parsed command line.</summary>
    internal sealed record Arguments(
        string Train, string? Val, string Out, string Head, int? Epochs, int? Batch, string Crop, string Config, string? Window, int Seed, int? Threads,
        string? Resume, string? CheckpointDir);

    internal static int Run(Arguments a, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!IntList.TryParse(a.Crop, 3, out int[] crop))
        {
            return Usage(error, $"--crop needs three positive sizes like 128,128,64; got '{a.Crop}'.");
        }

        (float Min, float Max)? window = null;
        if (a.Window is not null)
        {
            string[] parts = a.Window.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float min) ||
                !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float max) || !(max > min) || !float.IsFinite(min) || !float.IsFinite(max))
            {
                return Usage(error, $"--window needs MIN,MAX with MIN < MAX, like -1000,2000; got '{a.Window}'.");
            }

            window = (min, max);
        }

        if (a.Epochs is < 1 || a.Batch is < 1 || a.Threads is < 1)
        {
            return Usage(error, "--epochs, --batch and --threads need a positive number.");
        }

        if (!a.Out.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return Usage(error, $"--out {a.Out}: the model is written as a .zip file.");
        }

        foreach (string? dir in new[] { a.Train, a.Val })
        {
            if (dir is not null && !Directory.Exists(dir) && !File.Exists(dir))
            {
                error.WriteLine($"h3de: {dir}: the folder does not exist.");
                return ExitCodes.BadInput;
            }
        }

        if (a.Resume is not null && !File.Exists(a.Resume))
        {
            error.WriteLine($"h3de: {a.Resume}: the checkpoint does not exist.");
            return ExitCodes.BadInput;
        }

        if (a.Threads is { } t)
        {
            ComputeSettings.Threads = t;
        }

        var ml = new H3deContext(a.Seed);
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var view = new TrainingProgressView(output, live);
        ml.Log += (_, e) =>
        {
            if (e.Level >= H3deLogLevel.Warning)
            {
                view.EndLine();
                error.WriteLine($"h3de: {e.Message}");
            }
        };

        ScanDataView train = ml.Data.LoadFromDirectory(a.Train);
        ScanDataView? validation = a.Val is null ? null : ml.Data.LoadFromDirectory(a.Val);
        H3deHead head = a.Head switch
        {
            "heatmap" => H3deHead.Heatmap,
            "anchors" => H3deHead.Anchors,
            "both" => H3deHead.Both,
            _ => HasMissingLandmarks(train) ? H3deHead.Anchors : H3deHead.Heatmap,
        };
        string checkpointDir = a.CheckpointDir ?? Path.ChangeExtension(a.Out, null) + ".checkpoints";
        string checkpoint = Path.Combine(checkpointDir, "last.ckpt");
        var defaults = new H3deNetOptions();
        var options = defaults with
        {
            Architecture = a.Config == "small" ? H3deNetArchitecture.Small : H3deNetArchitecture.Reference,
            Head = head,
            Epochs = a.Epochs ?? defaults.Epochs,
            BatchSize = a.Batch ?? defaults.BatchSize,
            ValidationData = validation,
            CheckpointDirectory = checkpointDir,
            ResumeFrom = a.Resume,
        };

        var normalize = window is { } w
            ? ml.Transforms.NormalizeIntensity(w.Min, w.Max)
            : ml.Transforms.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Percentile });
        ScanEstimatorChain<IScanTransformer> pipeline = ml.Transforms.LoadVolume()
            .Append<IScanTransformer, IScanTransformer>(normalize)
            .Append<IScanTransformer>(ml.Transforms.RandomCrop(crop[0], crop[1], crop[2]), StepScope.Training)
            .Append<IScanTransformer>(ml.Transforms.CenterCrop(crop[0], crop[1], crop[2]), StepScope.Evaluation);
        if (head != H3deHead.Anchors)
        {
            pipeline = pipeline.Append<IScanTransformer>(ml.Transforms.EncodeHeatmapTargets(), StepScope.Training);
        }

        if (head != H3deHead.Heatmap)
        {
            pipeline = pipeline.Append<IScanTransformer>(ml.Transforms.EncodeAnchorTargets(), StepScope.Training);
        }

        var estimator = pipeline.Append(ml.Landmarks.Trainers.H3deNet(options, view));

        string validating = validation is null ? "" : $", validating on {validation.Count} from {a.Val}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training H3DE-Net ({a.Config}, head {head.ToString().ToLowerInvariant()}) on {train.Count} scans from {a.Train}{validating}; {train.LandmarkNames.Count} landmarks, crop {crop[0]}×{crop[1]}×{crop[2]}, {options.Epochs} epochs, batch {options.BatchSize}, seed {a.Seed}, {ComputeSettings.Threads} threads."));
        if (a.Resume is not null)
        {
            output.WriteLine($"Resuming from {a.Resume}.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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
        ScanTransformerChain<H3deNetModel> model;
        try
        {
            model = estimator.Fit(train, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            view.EndLine();
            if (File.Exists(checkpoint) && File.GetLastWriteTimeUtc(checkpoint) > checkpointBefore)
            {
                error.WriteLine($"h3de: training interrupted; checkpoint written to {checkpoint}. Resume with:");
                error.WriteLine("  " + ResumeCommand(a, checkpoint));
            }
            else
            {
                error.WriteLine("h3de: training interrupted before the first batch finished; no checkpoint was written.");
            }

            return ExitCodes.Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= OnCtrlC;
        }

        view.EndLine();
        string? directory = Path.GetDirectoryName(Path.GetFullPath(a.Out));
        Directory.CreateDirectory(directory!);
        ml.Model.Save(model, a.Out);
        H3deNetModel net = model.LastTransformer;
        IReadOnlyDictionary<string, string> summary = net.Options.TrainingSummary ?? new Dictionary<string, string>();
        string best = summary.TryGetValue("bestValidationMreMm", out string? mre) && double.TryParse(mre, NumberStyles.Float, CultureInfo.InvariantCulture, out double m)
            ? string.Create(CultureInfo.InvariantCulture, $"; best validation MRE {m:F2} mm at epoch {summary["bestEpoch"]}")
            : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Saved {a.Out} ({new FileInfo(a.Out).Length / 1024} KiB, {net.Network.ParameterCount:N0} parameters) after {summary.GetValueOrDefault("epochs", "?")} epochs{best}."));
        output.WriteLine($"Next: h3de evaluate --model {CommandLineText.Quote(a.Out)} --data DIR   or   h3de predict --model {CommandLineText.Quote(a.Out)} SCAN");
        return ExitCodes.Success;
    }

    /// <summary>DECISIONS.md §1: the anchor head when some training case lacks a landmark, the heatmap head otherwise.</summary>
    private static bool HasMissingLandmarks(ScanDataView data)
    {
        foreach (ScanRow row in data.SourceRows)
        {
            LandmarkSet? set = row.Landmarks ?? (row.Source.LandmarksPath is { } path ? LandmarkSet.Read(path) : null);
            if (set is null || set.Landmarks.Any(l => !l.IsPresent))
            {
                return true;
            }
        }

        return false;
    }

    private static string ResumeCommand(Arguments a, string checkpoint)
    {
        var args = new List<string> { "h3de", "train", "--train", a.Train };
        if (a.Val is not null) args.AddRange(["--val", a.Val]);
        args.AddRange(["--out", a.Out, "--head", a.Head, "--crop", a.Crop, "--config", a.Config, "--seed", a.Seed.ToString(CultureInfo.InvariantCulture)]);
        if (a.Epochs is { } e) args.AddRange(["--epochs", e.ToString(CultureInfo.InvariantCulture)]);
        if (a.Batch is { } b) args.AddRange(["--batch", b.ToString(CultureInfo.InvariantCulture)]);
        if (a.Window is not null) args.AddRange(["--window", a.Window]);
        if (a.Threads is { } t) args.AddRange(["--threads", t.ToString(CultureInfo.InvariantCulture)]);
        if (a.CheckpointDir is not null) args.AddRange(["--checkpoint-dir", a.CheckpointDir]);
        args.AddRange(["--resume", checkpoint]);
        return string.Join(' ', args.Select(CommandLineText.Quote));
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"h3de: {message}");
        return ExitCodes.Usage;
    }
}
