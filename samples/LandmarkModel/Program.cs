// LandmarkModel: a console app that uses the Model Builder-style LandmarkModel class.
// Usage: dotnet run --project samples/LandmarkModel -c Release -- [DATA_DIR]
// Without DATA_DIR it writes 12 phantoms (h3de synth's format: .nii.gz + .mrk.json) to a temporary folder and trains on them.
using H3deMl;
using LandmarkModel_ConsoleApp;
using Microsoft.ML;

string folder = args.Length > 0 ? args[0] : WritePhantoms(Path.Combine(Path.GetTempPath(), "h3deml-landmarkmodel-data"));
LandmarkModel.MLNetModelPath = Path.Combine(Path.GetTempPath(), "LandmarkModel.zip");
Console.WriteLine($"Training on {folder}…");
LandmarkModel.Train(LandmarkModel.MLNetModelPath, folder);

string scan = Directory.EnumerateFiles(folder, "*.nii.gz").Order(StringComparer.Ordinal).First();
LandmarkModel.ModelOutput output = LandmarkModel.Predict(new LandmarkModel.ModelInput { ScanPath = scan });
Console.WriteLine($"Landmarks of {Path.GetFileName(scan)} (world LPS mm):");
for (int l = 0; l < LandmarkModel.LandmarkNames.Count; l++)
{
    Console.WriteLine($"  {LandmarkModel.LandmarkNames[l],-12} {output.PredictedLandmarks[3 * l],7:F1} {output.PredictedLandmarks[(3 * l) + 1],7:F1} {output.PredictedLandmarks[(3 * l) + 2],7:F1}  presence {output.PresenceProbabilities[l]:F2}");
}

static string WritePhantoms(string folder)
{
    Directory.CreateDirectory(folder);
    var ml = new MLContext(seed: 1);
    IDataView phantoms = ml.Data.GeneratePhantoms(12, seed: 1, new H3deMl.Core.Phantoms.PhantomOptions { SizeI = 32, SizeJ = 32, SizeK = 32 });
    foreach (Phantom p in ml.Data.CreateEnumerable<Phantom>(phantoms, reuseRowObject: false))
    {
        p.Volume!.Write(Path.Combine(folder, p.Id + ".nii.gz"));
        H3deMl.Core.Landmarks.LandmarkSet.FromLpsVector(p.Landmarks, H3deMl.Core.Phantoms.PhantomGenerator.LandmarkNames).Write(Path.Combine(folder, p.Id + ".mrk.json"));
    }

    return folder;
}

/// <summary>A phantom as the data view holds it.</summary>
internal sealed class Phantom
{
    public string Id { get; set; } = "";

    public float[] Landmarks { get; set; } = [];

    [VolumeType]
    public H3deMl.Core.Volumes.Volume? Volume { get; set; }
}
