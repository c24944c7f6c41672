// Template registration and the mean-shape baseline on the mouse skull benchmark split (bench/mouse): the training and
// validation scans are the templates, the test scans are measured with ml.Landmarks.Evaluate, as `h3de evaluate` measures
// the network. Usage: dotnet run -c Release --project bench/registration [-- SPLIT_FOLDER]   (default bench/mouse)
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using H3deMl.Trainers.Registration;
using Microsoft.ML;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string split = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("bench", "mouse"));
string templates = Path.Combine(Path.GetTempPath(), $"h3de-registration-templates-{Environment.ProcessId}.csv");
string[] lines = [.. File.ReadLines(Path.Combine(split, "train.csv")), .. File.ReadLines(Path.Combine(split, "val.csv")).Skip(1)];
File.WriteAllLines(templates, lines.Select((line, n) => n == 0 ? line : Absolute(line)));
var ml = new MLContext(seed: 1);
IDataView train = ml.Data.LoadScans(templates);
IDataView test = ml.Data.LoadScans(Path.Combine(split, "test.csv"));
Console.WriteLine($"Templates: {train.GetRowCount()} scans (train.csv + val.csv); test: {test.GetRowCount()} scans (test.csv); {Environment.ProcessorCount} cores.");

foreach (TemplateRegistrationMethod method in new[] { TemplateRegistrationMethod.TemplateMedian, TemplateRegistrationMethod.MeanShape })
{
    var watch = Stopwatch.StartNew();
    ITransformer model = ml.Transforms.LoadVolume().Append(ml.Landmarks.Trainers.TemplateRegistration(new TemplateRegistrationOptions { Method = method })).Fit(train);
    double fitSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    LandmarkDetectionMetrics metrics = ml.Landmarks.Evaluate(model.Transform(test), new LandmarkEvaluationOptions { SdrThresholdsMm = [0.5, 1, 2] });
    double perScan = watch.Elapsed.TotalSeconds / metrics.CaseCount;
    double median = metrics.Errors.Select(e => e.ErrorMm).Order().ElementAt(metrics.Errors.Count / 2);
    Console.WriteLine();
    Console.WriteLine($"{method}: fit {fitSeconds:F1} s, {perScan:F1} s per test scan (reading, registration, prediction); median error {median:F3} mm");
    Console.WriteLine(metrics);
}

File.Delete(templates);

string Absolute(string line)
{
    string[] cells = line.Split(',');
    return string.Join(',', cells.Select((c, i) => i < 2 ? Path.GetFullPath(Path.Combine(split, c)) : c));
}
