// QuickStart: train a small H3DE-Net, evaluate it on held-out scans, save it, reload it and predict one scan.
// Usage: dotnet run --project samples/QuickStart -c Release [-- DATA_DIR] [--epochs N]
// Without DATA_DIR it trains on synthetic skull phantoms (a few minutes on two cores); with DATA_DIR it uses your scans
// (image + landmark files with the same stem, e.g. case1.nii.gz + case1.mrk.json; see ml.Data.LoadFromDirectory).
using System.Diagnostics;
using System.Globalization;
using H3deMl.Core.Geometry;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Evaluators;
using H3deMl.Trainers;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;

var dataDirectory = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _));
var epochsAt = Array.IndexOf(args, "--epochs");
var ml = new H3deContext(seed: 1);
ml.Log += (_, e) => Console.WriteLine(e.Message);

// Phantoms: 24 small synthetic skulls (32³ voxels of 1 mm, 13 named landmarks), generated once and kept in memory.
// Your data: every scan in the folder, read lazily (the decoded volumes are cached on disk after the first epoch).
var data = dataDirectory is null
    ? ml.Data.Cache(ml.Data.GeneratePhantoms(24, new PhantomOptions { SizeI = 32, SizeJ = 32, SizeK = 32 }))
    : ml.Data.LoadFromDirectory(dataDirectory);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var crop = dataDirectory is null ? 32 : 64;
var epochs = epochsAt >= 0 ? int.Parse(args[epochsAt + 1], CultureInfo.InvariantCulture) : dataDirectory is null ? 25 : 60;

// Load → intensities to [0, 1] → random zoom-and-crop with heatmap targets (training) / centre crop (evaluation) → H3DE-Net.
var pipeline = ml.Transforms.LoadVolume(dataDirectory is null ? null : Path.Combine(Path.GetTempPath(), "h3deml-quickstart-cache"))
    .Append(dataDirectory is null ? ml.Transforms.NormalizeIntensity(-1000, 2000) : ml.Transforms.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Percentile }))
    .Append(ml.Transforms.RandomCrop(new RandomCropOptions { SizeI = crop, SizeJ = crop, SizeK = crop, MinZoomRate = 0.8 }), StepScope.Training)
    .Append(ml.Transforms.CenterCrop(crop, crop, crop), StepScope.Evaluation)
    .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), StepScope.Training)
    .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
    {
        Architecture = dataDirectory is null ? H3deNetArchitecture.Tiny : H3deNetArchitecture.Small,
        Epochs = epochs,
        BatchSize = 1,
        LearningRate = dataDirectory is null ? 6e-3 : 2e-3,
        HeatmapDecodeMinimumVoxels = 20,
    }));
var clock = Stopwatch.StartNew();
var model = pipeline.Fit(split.TrainSet);
Console.WriteLine($"Trained {epochs} epochs on {split.TrainSet.Count} scans in {clock.Elapsed.TotalSeconds:F0} s.");

// Evaluate on the held-out scans: errors in millimetres in each scan's own world coordinates.
var metrics = ml.Landmarks.Evaluate(model.Transform(split.TestSet));
Console.WriteLine(metrics);

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
    Console.WriteLine($"  {p.Name,-12} {p.PositionLps.X,7:F1} {p.PositionLps.Y,7:F1} {p.PositionLps.Z,7:F1}  presence {prediction.PresenceProbabilities[i]:F2}  {error}");
}
