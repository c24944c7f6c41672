using System.Diagnostics;
using System.Globalization;
using H3deMl;
using Microsoft.ML;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var ml = new MLContext(seed: 1);
ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Source.Contains("Refinement", StringComparison.Ordinal)) Console.WriteLine($"{DateTime.Now:HH:mm:ss} {e.RawMessage}"); };
double minutes = double.Parse(args[0]);
double sigma = double.Parse(args[1]);
string split = "bench/mouse";
string templates = "/tmp/mouse/templates.csv";
string[] lines = [.. File.ReadLines(Path.Combine(split, "train.csv")), .. File.ReadLines(Path.Combine(split, "val.csv")).Skip(1)];
File.WriteAllLines(templates, lines.Select((line, n) => n == 0 ? line : Absolute(line)));
IDataView train = ml.Data.LoadScans(Path.Combine(split, "train.csv"));
IDataView val = ml.Data.LoadScans(Path.Combine(split, "val.csv"));
IDataView all = ml.Data.LoadScans(templates);
IDataView test = ml.Data.LoadScans(Path.Combine(split, "test.csv"));
var clock = Stopwatch.StartNew();
var pose = ml.Transforms.LoadVolume().Append(ml.Transforms.NormalizePose(0.2)).Fit(train);
var regVal = ml.Landmarks.Trainers.TemplateRegistration().Fit(pose.Transform(train));
var valInit = regVal.Transform(pose.Transform(val));
var refinement = ml.Landmarks.Trainers.H3deNetRefinement(new RefinementOptions { Epochs = 10_000, TimeLimit = TimeSpan.FromMinutes(minutes), JitterMm = sigma, ValidationData = valInit }).Fit(pose.Transform(train));
Console.WriteLine($"trained in {clock.Elapsed.TotalMinutes:F1} min"); clock.Restart();
var reg = ml.Landmarks.Trainers.TemplateRegistration().Fit(pose.Transform(all));
var opts = new LandmarkEvaluationOptions { SdrThresholdsMm = [0.5, 1, 2] };
IDataView regOut = reg.Transform(pose.Transform(test));
Console.WriteLine("registration"); Console.WriteLine(ml.Landmarks.Evaluate(regOut, opts));
clock.Restart();
var m1 = ml.Landmarks.Evaluate(refinement.Transform(regOut), opts);
Console.WriteLine($"refined {clock.Elapsed.TotalSeconds / 5:F1} s/scan");
Console.WriteLine(m1);
var model = pose.Append(reg).Append(refinement);
ml.Model.Save(model, all.Schema, $"/tmp/mouse/regrefine-{minutes}-{sigma}.zip");
string Absolute(string line)
{
    string[] cells = line.Split(',');
    return string.Join(',', cells.Select((c, i) => i < 2 ? Path.GetFullPath(Path.Combine(split, c)) : c));
}
