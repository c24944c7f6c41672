// Coarse-to-fine on the mouse benchmark split: a coarse model saved by `h3de train` (see the README's mouse results),
// then the refinement stage fitted on its predictions for the training scans, evaluated on the test scans beside the
// coarse model alone, and saved as one ML.NET zip.
// Usage: dotnet run -c Release --project bench/mouse/refine -- COARSE.zip OUT.zip [MINUTES] [SPLIT_FOLDER]
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using Microsoft.ML;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MouseRefinement COARSE.zip OUT.zip [MINUTES] [SPLIT_FOLDER]");
    return 2;
}

double minutes = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 15;
string split = args.Length > 3 ? args[3] : Path.Combine("bench", "mouse");
var ml = new MLContext(seed: 1);
ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Source.Contains("Refinement", StringComparison.Ordinal)) Console.WriteLine($"{DateTime.Now:HH:mm:ss} {e.RawMessage}"); };
ITransformer coarse = ml.Model.Load(args[0], out DataViewSchema _);
IDataView train = ml.Data.LoadScans(Path.Combine(split, "train.csv"));
IDataView test = ml.Data.LoadScans(Path.Combine(split, "test.csv"));

var clock = Stopwatch.StartNew();
ITransformer refinement = ml.Landmarks.Trainers.H3deNetRefinement(new RefinementOptions { Epochs = 10_000, TimeLimit = TimeSpan.FromMinutes(minutes) })
    .Fit(coarse.Transform(train));
Console.WriteLine($"Refinement trained in {clock.Elapsed.TotalMinutes:F1} min.");
var model = new TransformerChain<ITransformer>([.. (IEnumerable<ITransformer>)coarse, refinement], [.. ((IEnumerable<ITransformer>)coarse).Select(_ => TransformerScope.Everything), TransformerScope.Everything]);
var options = new LandmarkEvaluationOptions { SdrThresholdsMm = [0.5, 1, 2] };
Console.WriteLine("Coarse model alone:");
Console.WriteLine(ml.Landmarks.Evaluate(coarse.Transform(test), options).ToString().Split('\n').Take(5).Aggregate((a, b) => a + "\n" + b));
clock.Restart();
LandmarkDetectionMetrics refined = ml.Landmarks.Evaluate(model.Transform(test), options);
Console.WriteLine($"Coarse to fine ({clock.Elapsed.TotalSeconds / refined.CaseCount:F1} s per test scan):");
Console.WriteLine(refined);
ml.Model.Save(model, train.Schema, args[1]);
Console.WriteLine($"Saved {args[1]}.");
return 0;
