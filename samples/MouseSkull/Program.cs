// MouseSkull: train H3DE-Net on the mouse micro-CT atlas (22 scans, 45 landmarks), evaluate it on held-out scans and
// save the model. Usage:
//   dotnet run --project samples/MouseSkull -c Release -- [DATA_DIR] [--minutes 60] [--epochs 200] [--threads 2]
//       [--head heatmap|anchors|both] [--crop 32] [--spacing 0.8] [--out DIR] [--evaluate MODEL.zip]
// --evaluate skips training and evaluates a saved model on the same test scans. DATA_DIR defaults to ../shared/data/mouse-ct-atlas (volumes/*.nii.gz + landmarks/*.mrk.json, Maga et al. 2017, GPL-3.0).
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using H3deMl.Tensors;
using Microsoft.ML;

var options = Arguments.Parse(args);
ComputeSettings.Threads = options.Threads;
var ml = new MLContext(seed: 1);
ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info) Console.WriteLine($"{DateTime.Now:HH:mm:ss} {e.RawMessage}"); };

// 22 scans → a seeded 16 / 3 / 3 split: training, validation (early stopping, best epoch) and test (reported below).
IDataView data = ml.Data.LoadScans(options.DataDirectory);
DataOperationsCatalog.TrainTestData outer = ml.Data.TrainTestSplit(data, testFraction: 3.0 / 22, seed: 1);
DataOperationsCatalog.TrainTestData inner = ml.Data.TrainTestSplit(outer.TrainSet, testFraction: 3.0 / 19, seed: 2);
(IDataView train, IDataView validation, IDataView test) = (inner.TrainSet, inner.TestSet, outer.TestSet);
Console.WriteLine($"{Count(data)} scans; train {Count(train)}, validation {Count(validation)}, test {Count(test)}");

// Load (decoded volumes cached on disk after the first epoch) → pose normalised: each skull registered to the first
// training skull (the scans lie in arbitrary poses) and resampled along its axes on a 0.8 mm grid (the skull, about
// 25 mm long, fits a 32³ crop) → uint8 grey values to [0, 1] as the reference → (training only) random zoom-and-crop
// with heatmap/anchor targets → H3DE-Net, which covers whole scans with windows.
var cache = Path.Combine(options.OutputDirectory, "volume-cache");
var crop = options.Crop;
var estimator = ml.Transforms.LoadVolume(cache)
    .Append(ml.Transforms.NormalizePose(options.SpacingMm))
    .Append(ml.Transforms.NormalizeIntensity(0, 255))
    .Append(ml.Transforms.RandomCrop(crop, crop, crop), TransformerScope.Training);
var trainer = ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
{
    Architecture = H3deNetArchitecture.Small,
    Head = options.Head,
    Epochs = options.Epochs,
    TimeLimit = TimeSpan.FromMinutes(options.Minutes),
    BatchSize = 2,
    LearningRate = 3e-3,
    ValidationData = validation,
    ValidationInterval = 2,
    Patience = 15,
    HeatmapDecodeMinimumVoxels = 20,
    CheckpointDirectory = Path.Combine(options.OutputDirectory, "checkpoints"),
});
var clock = Stopwatch.StartNew();
ITransformer model = options.Evaluate is { } saved ? ml.Model.Load(saved, out _) : options.Head switch
{
    H3deHead.Heatmap => estimator.Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: options.RadiusVoxels), TransformerScope.Training).Append(trainer).Fit(train),
    H3deHead.Anchors => estimator.Append(ml.Transforms.EncodeAnchorTargets(), TransformerScope.Training).Append(trainer).Fit(train),
    _ => estimator.Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: options.RadiusVoxels), TransformerScope.Training)
        .Append(ml.Transforms.EncodeAnchorTargets(), TransformerScope.Training).Append(trainer).Fit(train),
};
var trainingTime = clock.Elapsed;

// Evaluate on the test scans: errors in millimetres in each original scan's world space.
LandmarkDetectionMetrics metrics = ml.Landmarks.Evaluate(model.Transform(test));
Console.WriteLine(options.Evaluate is null
    ? $"Test set ({Count(test)} scans), trained {trainingTime.TotalMinutes:F1} min on {Environment.ProcessorCount} cores with {options.Threads} thread(s):"
    : $"Test set ({Count(test)} scans), model {options.Evaluate}:");
Console.WriteLine(metrics);
Directory.CreateDirectory(options.OutputDirectory);
metrics.WriteCasesCsv(Path.Combine(options.OutputDirectory, "test-cases.csv"));
metrics.WriteLandmarksCsv(Path.Combine(options.OutputDirectory, "test-landmarks.csv"));
var report = Path.Combine(options.OutputDirectory, "mouse-skull-report.html");
metrics.WriteHtmlReport(report, test, new LandmarkReportOptions { Title = "H3DE-Net on the mouse micro-CT atlas: test scans (data: Maga et al. 2017, GPL-3.0)" });
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
internal sealed record Arguments(string DataDirectory, string OutputDirectory, double Minutes, int Epochs, int Threads, H3deHead Head, int Crop, double SpacingMm, double RadiusVoxels, string? Evaluate)
{
    public static Arguments Parse(string[] args)
    {
        var a = new Arguments(Path.Combine("..", "shared", "data", "mouse-ct-atlas"), Path.Combine(Path.GetTempPath(), "h3deml-mouse"), 60, 200, 2, H3deHead.Heatmap, 32, 0.8, 5, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            a = args[i] switch
            {
                "--minutes" => a with { Minutes = Number() },
                "--epochs" => a with { Epochs = (int)Number() },
                "--threads" => a with { Threads = (int)Number() },
                "--head" => a with { Head = Enum.Parse<H3deHead>(Next(), ignoreCase: true) },
                "--crop" => a with { Crop = (int)Number() },
                "--spacing" => a with { SpacingMm = Number() },
                "--radius" => a with { RadiusVoxels = Number() },
                "--out" => a with { OutputDirectory = Next() },
                "--evaluate" => a with { Evaluate = Next() },
                var s when !s.StartsWith("--", StringComparison.Ordinal) => a with { DataDirectory = s },
                var s => throw new ArgumentException($"Unknown option {s}."),
            };
        }
        return a;
    }
}
