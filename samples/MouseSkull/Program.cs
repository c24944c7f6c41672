// MouseSkull: train the self-configured coarse-to-fine landmark detector on the mouse micro-CT atlas (22 scans,
// 45 landmarks), evaluate it on held-out scans and save the model. Usage:
//   dotnet run --project samples/MouseSkull -c Release -- [DATA_DIR] [--minutes 30] [--threads 2] [--out DIR] [--evaluate MODEL.zip]
// --evaluate skips training and evaluates a saved model on the same test scans. DATA_DIR defaults to
// ../shared/data/mouse-ct-atlas (volumes/*.nii.gz + landmarks/*.mrk.json, Maga et al. 2017, GPL-3.0).
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using H3deMl.Tensors;
using Microsoft.ML;

var options = Arguments.Parse(args);
ComputeSettings.Threads = options.Threads;
var ml = new MLContext(seed: 1);
ml.Log += (_, e) =>
{
    if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && (e.Source.Contains("CoarseToFine", StringComparison.Ordinal) || e.RawMessage.StartsWith("Refinement", StringComparison.Ordinal)))
    {
        Console.WriteLine($"{DateTime.Now:HH:mm:ss} {e.RawMessage}");
    }
};

// 22 scans → a seeded 16 / 3 / 3 split: training, validation (the trainer's own choices) and test (reported below).
IDataView data = ml.Data.LoadScans(options.DataDirectory);
DataOperationsCatalog.TrainTestData outer = ml.Data.TrainTestSplit(data, testFraction: 3.0 / 22, seed: 1);
DataOperationsCatalog.TrainTestData inner = ml.Data.TrainTestSplit(outer.TrainSet, testFraction: 3.0 / 19, seed: 2);
(IDataView train, IDataView validation, IDataView test) = (inner.TrainSet, inner.TestSet, outer.TestSet);
Console.WriteLine($"{Count(data)} scans; train {Count(train)}, validation {Count(validation)}, test {Count(test)}");

// One estimator: it reads the scans' spacings, sizes and intensities, then (printing its plan) normalises each skull's
// pose (they lie in arbitrary poses), registers its bone surface to the training skulls for a first estimate of every
// landmark, and trains an H3DE-Net on full-resolution patches around the landmarks for what is left of the budget.
var clock = Stopwatch.StartNew();
ITransformer model = options.Evaluate is { } saved
    ? ml.Model.Load(saved, out _)
    : ml.Landmarks.Trainers.H3deNetCoarseToFine(new CoarseToFineOptions { TimeBudget = TimeSpan.FromMinutes(options.Minutes), ValidationData = validation }).Fit(train);
var trainingTime = clock.Elapsed;

// Evaluate on the test scans: errors in millimetres in each original scan's world space.
LandmarkDetectionMetrics metrics = ml.Landmarks.Evaluate(model.Transform(test), new LandmarkEvaluationOptions { SdrThresholdsMm = [0.5, 1, 2] });
Console.WriteLine(options.Evaluate is null
    ? $"Test set ({Count(test)} scans), trained {trainingTime.TotalMinutes:F1} min on {Environment.ProcessorCount} cores with {options.Threads} thread(s):"
    : $"Test set ({Count(test)} scans), model {options.Evaluate}:");
Console.WriteLine(metrics);
Directory.CreateDirectory(options.OutputDirectory);
metrics.WriteCasesCsv(Path.Combine(options.OutputDirectory, "test-cases.csv"));
metrics.WriteLandmarksCsv(Path.Combine(options.OutputDirectory, "test-landmarks.csv"));
var report = Path.Combine(options.OutputDirectory, "mouse-skull-report.html");
metrics.WriteHtmlReport(report, test, new LandmarkReportOptions { Title = "H3DE-Net coarse-to-fine on the mouse micro-CT atlas: test scans (data: Maga et al. 2017, GPL-3.0)" });
if (options.Evaluate is null) ml.Model.Save(model, train.Schema, Path.Combine(options.OutputDirectory, "mouse-skull.zip"));
Console.WriteLine($"Report, per-case and per-landmark tables{(options.Evaluate is null ? " and the model (mouse-skull.zip)" : "")} in {options.OutputDirectory}.");

static long Count(IDataView view)
{
    using DataViewRowCursor cursor = view.GetRowCursor([]);
    long n = 0;
    while (cursor.MoveNext()) n++;
    return n;
}

/// <summary>The command line.</summary>
internal sealed record Arguments(string DataDirectory, string OutputDirectory, double Minutes, int Threads, string? Evaluate)
{
    public static Arguments Parse(string[] args)
    {
        var a = new Arguments(Path.Combine("..", "shared", "data", "mouse-ct-atlas"), Path.Combine(Path.GetTempPath(), "h3deml-mouse"), 30, 2, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            a = args[i] switch
            {
                "--minutes" => a with { Minutes = Number() },
                "--threads" => a with { Threads = (int)Number() },
                "--out" => a with { OutputDirectory = Next() },
                "--evaluate" => a with { Evaluate = Next() },
                var s when !s.StartsWith("--", StringComparison.Ordinal) => a with { DataDirectory = s },
                var s => throw new ArgumentException($"Unknown option {s}."),
            };
        }
        return a;
    }
}
