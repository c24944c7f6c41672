// The configuration of bench/pipeline/current on the pre-ML.NET pipeline (H3deContext), for bench/pipeline/compare.sh,
// which builds it against commit 3b02f47. Not part of the solution. Prints one JSON line.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors;
using H3deMl.Trainers;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

ComputeSettings.Threads = 2;
var ml = new H3deContext(seed: 1);
var epochSeconds = new List<double>();
ml.Log += (_, e) =>
{
    Match m = Regex.Match(e.Message, @"^epoch (\d+)/\d+: .*, ([0-9.]+) s$");
    if (m.Success && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 1) epochSeconds.Add(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
};
var train = ml.Data.Cache(ml.Data.GeneratePhantoms(8, new PhantomOptions { SizeI = 64, SizeJ = 64, SizeK = 64 }));
var scans = ml.Data.Cache(ml.Data.GeneratePhantoms(2, new PhantomOptions { SizeI = 96, SizeJ = 96, SizeK = 96 }));
var pipeline = ml.Transforms.LoadVolume()
    .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
    .Append(ml.Transforms.RandomCrop(64, 64, 64), StepScope.Training)
    .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), StepScope.Training)
    .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions { Architecture = H3deNetArchitecture.Small, Epochs = 4, BatchSize = 1, LearningRate = 2e-3, HeatmapDecodeMinimumVoxels = 20 }));
var model = pipeline.Fit(train.WithPrefetch(2));
double stepsPerSecond = 8 * epochSeconds.Count / epochSeconds.Sum();

var engine = ml.Model.CreatePredictionEngine(model);
var volumes = scans.SourceRows.Select(r => r.Volume!).ToArray();
double best = double.MaxValue;
for (int round = 0; round < 3; round++)
{
    foreach (var volume in volumes)
    {
        var clock = Stopwatch.StartNew();
        engine.Predict(volume);
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }
}

Console.WriteLine(FormattableString.Invariant($"{{\"pipeline\":\"before\",\"trainingStepsPerSecond\":{stepsPerSecond:F4},\"predictSeconds\":{best:F4}}}"));
