// Training steps per second and whole-scan prediction time through the ML.NET pipeline (issue 14, "No speed lost").
// bench/pipeline/compare.sh runs this and bench/pipeline/before (the same configuration on the pre-ML.NET pipeline,
// built from commit 3b02f47) alternately and prints the ratios. Prints one JSON line.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using H3deMl;
using H3deMl.Core.Phantoms;
using H3deMl.Tensors;
using Microsoft.ML;

ComputeSettings.Threads = 2;
var ml = new MLContext(seed: 1);
var epochSeconds = new List<double>();
ml.Log += (_, e) =>
{
    Match m = Regex.Match(e.RawMessage, @"^epoch (\d+)/\d+: .*, ([0-9.]+) s$");
    if (m.Success && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 1) epochSeconds.Add(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
};
IDataView train = ml.Data.GeneratePhantoms(8, seed: 1, new PhantomOptions { SizeI = 64, SizeJ = 64, SizeK = 64 });
IDataView scans = ml.Data.GeneratePhantoms(2, seed: 2, new PhantomOptions { SizeI = 96, SizeJ = 96, SizeK = 96 });
var pipeline = ml.Transforms.LoadVolume()
    .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
    .Append(ml.Transforms.RandomCrop(64, 64, 64), TransformerScope.Training)
    .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
    .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions { Architecture = H3deNetArchitecture.Small, Epochs = 4, BatchSize = 1, LearningRate = 2e-3, HeatmapDecodeMinimumVoxels = 20 }));
ITransformer model = pipeline.Fit(train);
double stepsPerSecond = 8 * epochSeconds.Count / epochSeconds.Sum();

var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
ScanInput[] inputs = [.. ml.Data.CreateEnumerable<ScanInput>(scans, reuseRowObject: false)];
double best = double.MaxValue;
for (int round = 0; round < 3; round++)
{
    foreach (ScanInput input in inputs)
    {
        var clock = Stopwatch.StartNew();
        engine.Predict(input);
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }
}

Console.WriteLine(FormattableString.Invariant($"{{\"pipeline\":\"ml.net\",\"trainingStepsPerSecond\":{stepsPerSecond:F4},\"predictSeconds\":{best:F4}}}"));
