// QuickStart: train a small H3DE-Net on synthetic skull phantoms, save it, reload it and predict a held-out scan.
// Usage: dotnet run --project samples/QuickStart -c Release [-- EPOCHS]
using System.Globalization;
using H3deMl.Core.Geometry;
using H3deMl.Core.Pipeline;
using H3deMl.Trainers;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

var epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
var ml = new H3deContext(seed: 1);
ml.Log += (_, e) => Console.WriteLine(e.Message);

// 16 synthetic skulls with named landmarks (voxels are generated lazily, one scan at a time).
var data = ml.Data.GeneratePhantoms(16);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);

// Load → normalise → random crop + heatmap targets (training only) / centre crop (evaluation) → H3DE-Net.
var pipeline = ml.Transforms.LoadVolume()
    .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
    .Append(ml.Transforms.RandomCrop(64, 64, 64), StepScope.Training)
    .Append(ml.Transforms.CenterCrop(64, 64, 64), StepScope.Evaluation)
    .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 8), StepScope.Training)
    .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
    {
        Architecture = H3deNetArchitecture.Small,
        Epochs = epochs,
        BatchSize = 2,
        LearningRate = 2e-3,
        ValidationData = split.TestSet,
        HeatmapDecodeMinimumVoxels = 50,
    }));
var model = pipeline.Fit(split.TrainSet);

// Save the whole pipeline as one zip, load it back and predict a held-out scan.
var path = Path.Combine(Path.GetTempPath(), "h3deml-quickstart.zip");
ml.Model.Save(model, path);
var engine = ml.Model.CreatePredictionEngine(ml.Model.Load(path));
var row = engine.PredictRow(split.TestSet.GetRow(0));
Console.WriteLine($"Model saved to {path} ({new FileInfo(path).Length / 1024} KiB). Landmarks of {row.Id} (world LPS mm):");
var prediction = row.Prediction!;
for (var i = 0; i < prediction.Landmarks.Count; i++)
{
    var p = prediction.Landmarks[i];
    var truth = row.Landmarks?[i];
    var error = truth is { IsPresent: true } t ? $"{Vector3d.Distance(p.PositionLps, t.PositionLps),6:F2} mm from truth" : "no ground truth";
    Console.WriteLine($"  {p.Name,-12} {p.PositionLps}  presence {prediction.PresenceProbabilities[i]:F2}  {error}");
}
