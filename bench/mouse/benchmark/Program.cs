// The mouse micro-CT benchmark (bench/mouse/README.md): on the fixed split, the self-configured coarse-to-fine H3DE-Net
// (ml.Landmarks.Trainers.H3deNetCoarseToFine, trained on train.csv within the budget, validated on val.csv), template
// registration and the mean-shape baseline (templates: train.csv + val.csv), all measured on test.csv with
// ml.Landmarks.Evaluate, printed side by side.
// Usage: dotnet run -c Release --project bench/mouse/benchmark -- [MINUTES (default 50)] [SPLIT_FOLDER (default bench/mouse)] [MODEL.zip to reuse]
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using Microsoft.ML;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
double minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 50;
string split = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine("bench", "mouse"));
string? reuse = args.Length > 2 ? args[2] : null;
var ml = new MLContext(seed: 1);
ml.Log += (_, e) =>
{
    if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && (e.Source.Contains("CoarseToFine", StringComparison.Ordinal) || e.RawMessage.StartsWith("Refinement:", StringComparison.Ordinal)))
    {
        Console.WriteLine($"{DateTime.Now:HH:mm:ss} {e.RawMessage}");
    }
};

IDataView train = ml.Data.LoadScans(Path.Combine(split, "train.csv"));
IDataView val = ml.Data.LoadScans(Path.Combine(split, "val.csv"));
IDataView test = ml.Data.LoadScans(Path.Combine(split, "test.csv"));
string templates = TemplateManifest(split);
IDataView all = ml.Data.LoadScans(templates);
Console.WriteLine($"Split {split}: {train.GetRowCount()} training, {val.GetRowCount()} validation, {test.GetRowCount()} test scans; {Environment.ProcessorCount} cores; budget {minutes} min.");

var rows = new List<Row>();
var options = new LandmarkEvaluationOptions { SdrThresholdsMm = [0.5, 1, 2] };
var clock = Stopwatch.StartNew();
ITransformer network;
double trainingMinutes = double.NaN;
if (reuse is null)
{
    network = ml.Landmarks.Trainers.H3deNetCoarseToFine(new CoarseToFineOptions { TimeBudget = TimeSpan.FromMinutes(minutes), ValidationData = val }).Fit(train);
    trainingMinutes = clock.Elapsed.TotalMinutes;
    string saved = Path.Combine(Path.GetTempPath(), "h3de-mouse-coarse-to-fine.zip");
    ml.Model.Save(network, train.Schema, saved);
    Console.WriteLine($"Saved {saved}.");
}
else
{
    network = ml.Model.Load(reuse, out _);
}

rows.Add(Measure("H3DE-Net coarse-to-fine", network, trainingMinutes));
foreach ((string name, IEstimator<ITransformer> trainer) in new (string, IEstimator<ITransformer>)[]
{
    ("Template registration", ml.Landmarks.Trainers.TemplateRegistration()),
    ("Mean shape", ml.Landmarks.Trainers.MeanShape()),
})
{
    clock.Restart();
    ITransformer model = ml.Transforms.LoadVolume().Append(trainer).Fit(all);
    rows.Add(Measure(name, model, clock.Elapsed.TotalMinutes));
}

Console.WriteLine();
Console.WriteLine($"Test set: {rows[0].Metrics.CaseCount} scans, {rows[0].Metrics.LandmarkCount} landmarks");
Console.WriteLine("method                     MRE/case mm   median mm   SDR 0.5 / 1 / 2 mm       presence P / R   training min   s per scan");
foreach (Row r in rows)
{
    LandmarkDetectionMetrics m = r.Metrics;
    double median = m.Errors.Select(e => e.ErrorMm).Order().ElementAt(m.Errors.Count / 2);
    Console.WriteLine($"{r.Name,-26} {m.MreMm,5:F3} ± {m.MreSdMm:F3}   {median,9:F3}   {100 * m.Sdr[0.5],5:F1} / {100 * m.Sdr[1],5:F1} / {100 * m.Sdr[2],5:F1} %   {m.Presence.Precision:F3} / {m.Presence.Recall:F3}   {r.TrainingMinutes,12:F1}   {r.SecondsPerScan,10:F1}");
}

foreach (Row r in rows)
{
    Console.WriteLine();
    Console.WriteLine(r.Name + ":");
    Console.WriteLine(r.Metrics);
}

File.Delete(templates);
return 0;

Row Measure(string name, ITransformer model, double trainedMinutes)
{
    var watch = Stopwatch.StartNew();
    LandmarkDetectionMetrics metrics = ml.Landmarks.Evaluate(model.Transform(test), options);
    return new Row(name, metrics, trainedMinutes, watch.Elapsed.TotalSeconds / metrics.CaseCount);
}

// train.csv and val.csv as one manifest with absolute paths (the registration's templates).
static string TemplateManifest(string split)
{
    string path = Path.Combine(Path.GetTempPath(), $"h3de-mouse-templates-{Environment.ProcessId}.csv");
    string[] lines = [.. File.ReadLines(Path.Combine(split, "train.csv")), .. File.ReadLines(Path.Combine(split, "val.csv")).Skip(1)];
    File.WriteAllLines(path, lines.Select((line, n) => n == 0 ? line : string.Join(',', line.Split(',').Select((c, i) => i < 2 ? Path.GetFullPath(Path.Combine(split, c)) : c))));
    return path;
}

internal sealed record Row(string Name, LandmarkDetectionMetrics Metrics, double TrainingMinutes, double SecondsPerScan);
