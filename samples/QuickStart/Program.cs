// QuickStart: train a small H3DE-Net, evaluate it on held-out scans, save it as an ML.NET zip, reload it and predict.
// Usage: dotnet run --project samples/QuickStart -c Release [-- DATA_DIR] [--epochs N]
// Without DATA_DIR it trains on synthetic skull phantoms (about a minute on two cores); with DATA_DIR it uses your scans
// (image + landmark files with the same stem, e.g. case1.nii.gz + case1.mrk.json; see ml.Data.LoadScans).
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using H3deMl.Core.Phantoms;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;
using Microsoft.ML;

string? dataDirectory = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _));
int epochsAt = Array.IndexOf(args, "--epochs");
int epochs = epochsAt >= 0 ? int.Parse(args[epochsAt + 1], CultureInfo.InvariantCulture) : dataDirectory is null ? 25 : 60;
var ml = new MLContext(seed: 1);
ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Info && e.Source.StartsWith("H3deNet", StringComparison.Ordinal)) Console.WriteLine(e.RawMessage); };

// Phantoms: 24 small synthetic skulls (32³ voxels of 1 mm, 13 named landmarks), generated in memory.
// Your data: every scan in the folder (voxels are read when rows are read; decoded volumes are cached on disk).
Console.WriteLine(dataDirectory is null ? "Generating 24 phantoms…" : $"Reading {dataDirectory}…");
IDataView data = dataDirectory is null
    ? ml.Data.GeneratePhantoms(24, seed: 1, new PhantomOptions { SizeI = 32, SizeJ = 32, SizeK = 32 })
    : ml.Data.LoadScans(dataDirectory);
DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
int crop = dataDirectory is null ? 32 : 64;

// Load → intensities to [0, 1] → (training only) random zoom-and-crop and heatmap targets → H3DE-Net.
var pipeline = ml.Transforms.LoadVolume(dataDirectory is null ? null : Path.Combine(Path.GetTempPath(), "h3deml-quickstart-cache"))
    .Append(dataDirectory is null ? ml.Transforms.NormalizeIntensity(-1000, 2000) : ml.Transforms.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Percentile }))
    .Append(ml.Transforms.RandomCrop(new RandomCropOptions { SizeI = crop, SizeJ = crop, SizeK = crop, MinZoomRate = 0.8 }), TransformerScope.Training)
    .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
    .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
    {
        Architecture = dataDirectory is null ? H3deNetArchitecture.Tiny : H3deNetArchitecture.Small,
        Epochs = epochs,
        BatchSize = 1,
        LearningRate = dataDirectory is null ? 6e-3 : 2e-3,
        HeatmapDecodeMinimumVoxels = 20,
    }));
Console.WriteLine($"Training for {epochs} epochs…");
var clock = Stopwatch.StartNew();
ITransformer model = pipeline.Fit(split.TrainSet);
Console.WriteLine($"Trained {epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s.");

// Evaluate on the held-out scans: errors in millimetres in each scan's own world coordinates.
LandmarkDetectionMetrics metrics = ml.Landmarks.Evaluate(model.Transform(split.TestSet));
Console.WriteLine(metrics);

// Save the whole pipeline as one ML.NET zip, load it back and predict a held-out scan with a prediction engine.
string path = Path.Combine(Path.GetTempPath(), "h3deml-quickstart.zip");
ml.Model.Save(model, split.TrainSet.Schema, path);
ITransformer loaded = ml.Model.Load(path, out DataViewSchema _);
var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(loaded);
Held first = ml.Data.CreateEnumerable<Held>(split.TestSet, reuseRowObject: false).First();
LandmarkPrediction prediction = engine.Predict(new ScanInput { Id = first.Id, ScanPath = first.ScanPath, Volume = first.Volume });
Console.WriteLine($"Model saved to {path} ({new FileInfo(path).Length / 1024} KiB). Landmarks of {first.Id} (world LPS mm):");
foreach ((PredictedLandmark p, int i) in prediction.ToPoints(loaded.GetLandmarkNames()).Select((p, i) => (p, i)))
{
    float dl = p.L - first.Landmarks[3 * i], dp = p.P - first.Landmarks[(3 * i) + 1], ds = p.S - first.Landmarks[(3 * i) + 2];
    string error = float.IsNaN(dl) ? "no ground truth" : $"{MathF.Sqrt((dl * dl) + (dp * dp) + (ds * ds)),6:F2} mm from truth";
    Console.WriteLine($"  {p.Name,-12} {p.L,7:F1} {p.P,7:F1} {p.S,7:F1}  presence {p.PresenceProbability:F2}  {error}");
}

/// <summary>A held-out case as the data view holds it.</summary>
internal sealed class Held
{
    public string Id { get; set; } = "";

    public string ScanPath { get; set; } = "";

    public float[] Landmarks { get; set; } = [];

    [VolumeType]
    public H3deMl.Core.Volumes.Volume? Volume { get; set; }
}
