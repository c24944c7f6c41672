using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl.Cli.Commands;

/// <summary>
/// Runs the self-configured <c>h3de train</c> (no network option given): <c>ml.Landmarks.Trainers.H3deNetCoarseToFine</c>
/// within the time limit, printing its plan and progress, then saves the chain with <c>ml.Model.Save</c>. Ctrl+C stops
/// it (exit code 130); this trainer writes no checkpoint.
/// </summary>
internal static class TrainCoarseToFineRun
{
    /// <summary>The budget when --time-limit is not given.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMinutes(10);

    public static int Run(TrainArguments a, TimeSpan? timeLimit, MLContext ml, IDataView train, IDataView? validation, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnCtrlC(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            stop.Cancel();
        }

        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Info && (e.Source.Contains("CoarseToFine", StringComparison.Ordinal) || IsProgress(e.RawMessage)))
            {
                output.WriteLine(e.RawMessage);
            }
        };
        TimeSpan budget = timeLimit ?? DefaultBudget;
        string validating = validation is null ? " (20 % held out for validation)" : $", validating on {validation.GetRowCount()} from {a.Val}";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training a self-configured coarse-to-fine detector on {train.GetRowCount()} scans from {a.Train}{validating}; {LandmarkColumns.Names(train).Count} landmarks, budget {budget.TotalMinutes:G4} min, seed {a.Seed}, {H3deMl.Tensors.ComputeSettings.Threads} threads."));
        var options = new CoarseToFineOptions { TimeBudget = budget, ValidationData = validation, CacheDirectory = a.Cache, CancellationToken = stop.Token };
        Console.CancelKeyPress += OnCtrlC;
        TransformerChain<ITransformer> model;
        try
        {
            model = ml.Landmarks.Trainers.H3deNetCoarseToFine(options).Fit(train);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == nameof(CoarseToFineOptions.TimeBudget))
        {
            error.WriteLine($"h3de: --time-limit: {CommandErrors.OneLine(e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal))}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            error.WriteLine("h3de: training interrupted; the self-configured trainer writes no checkpoint, so nothing was saved.");
            return ExitCodes.Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= OnCtrlC;
        }

        string partial = a.Out + ".partial";
        ml.Model.Save(model, train.Schema, partial);
        File.Move(partial, a.Out, overwrite: true);
        output.WriteLine($"Saved {a.Out} ({new FileInfo(a.Out).Length / 1024} KiB).");
        output.WriteLine($"Next: h3de evaluate --model {CommandLineText.Quote(a.Out)} --data DIR   or   h3de predict --model {CommandLineText.Quote(a.Out)} SCAN");
        return ExitCodes.Success;
    }

    // One line per ten refinement epochs, and the refinement's and registration's summaries.
    private static bool IsProgress(string message) =>
        message.StartsWith("Refinement:", StringComparison.Ordinal) || message.StartsWith("Template registration:", StringComparison.Ordinal)
        || (message.StartsWith("Refinement epoch ", StringComparison.Ordinal) && EpochIsTenth(message));

    private static bool EpochIsTenth(string message)
    {
        int start = "Refinement epoch ".Length;
        int slash = message.IndexOf('/', start);
        return slash > start && int.TryParse(message.AsSpan(start, slash - start), NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch) && epoch % 10 == 0;
    }
}
