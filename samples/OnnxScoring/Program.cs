// Scores an exported H3DE-Net with ONNX Runtime inside an ML.NET pipeline and compares it with the model itself.
// Usage: dotnet run [model.zip]   (without a model, trains a Tiny network on 32³ phantoms for one epoch, in seconds)
using H3deMl;
using H3deMl.Core.Phantoms;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Data;

const int Size = 32;
var ml = new MLContext(seed: 1);
IDataView scans = ml.Data.GeneratePhantoms(3, seed: 7, new PhantomOptions { SizeI = Size, SizeJ = Size, SizeK = Size });

// 1. A trained model: loaded, or trained here. Its window must be the size of the scans scored below.
ITransformer model = args.Length > 0
    ? ml.Model.Load(args[0], out _)
    : ml.Transforms.LoadVolume()
        .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
        .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
        .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
        {
            Architecture = H3deNetArchitecture.Tiny, Epochs = 1, BatchSize = 1, LearningRate = 6e-3, HeatmapDecodeMinimumVoxels = 20,
        }))
        .Fit(scans);

// 2. Export the network to ONNX (fixed 32³ input, dynamic batch; landmark names and decoding settings in its metadata).
string onnxPath = Path.Combine(Path.GetTempPath(), "h3denet.onnx");
ml.Model.ExportToOnnx(model, onnxPath);

// 3. Score with ONNX Runtime: volume → network input vector → ApplyOnnxModel → landmarks in world millimetres.
ITransformer onnx = ml.Transforms.LoadVolume()
    .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
    .Append(ml.Transforms.ExtractNetworkInput(Size, Size, Size))
    .Append(ml.Transforms.ApplyOnnxModel(outputColumnName: "heatmap", inputColumnName: "image", modelFile: onnxPath))
    .Append(ml.Transforms.DecodeLandmarks(onnxPath))
    .Fit(scans);

// 4. The same scans through our own model, and the two side by side.
var ours = ml.Data.CreateEnumerable<LandmarkPrediction>(model.Transform(scans), reuseRowObject: false).ToList();
var theirs = ml.Data.CreateEnumerable<LandmarkPrediction>(onnx.Transform(scans), reuseRowObject: false).ToList();
IReadOnlyList<string> names = model.GetLandmarkNames();
double maxDifference = 0;
for (int scan = 0; scan < ours.Count; scan++)
{
    Console.WriteLine($"scan {scan}            H3deNetModel (L, P, S mm)        ONNX Runtime (L, P, S mm)");
    var a = ours[scan].ToPoints(names);
    var b = theirs[scan].ToPoints(names);
    for (int l = 0; l < names.Count; l++)
    {
        double d = Math.Sqrt(Math.Pow(a[l].L - b[l].L, 2) + Math.Pow(a[l].P - b[l].P, 2) + Math.Pow(a[l].S - b[l].S, 2));
        maxDifference = Math.Max(maxDifference, d);
        Console.WriteLine($"  {names[l],-16} {a[l].L,8:F3} {a[l].P,8:F3} {a[l].S,8:F3}    {b[l].L,8:F3} {b[l].P,8:F3} {b[l].S,8:F3}");
    }
}

Console.WriteLine($"max landmark difference: {maxDifference:G3} mm");
