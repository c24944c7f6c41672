// Predict: load a trained model zip (from QuickStart or 'h3de train') and print the landmarks of a scan.
// Usage: dotnet run --project samples/Predict -c Release -- MODEL.zip SCAN   (a DICOM folder, .nii.gz, .nrrd, .mha, …)
using H3deMl;
using Microsoft.ML;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Predict MODEL.zip SCAN");
    return 2;
}

var ml = new MLContext();
ITransformer model = ml.Model.Load(args[0], out _);                                // the whole saved pipeline: preprocessing + network
var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
LandmarkPrediction prediction = engine.Predict(new ScanInput { ScanPath = args[1] }); // positions in world LPS mm of this scan

foreach (PredictedLandmark p in prediction.ToPoints(model.GetLandmarkNames()))
{
    Console.WriteLine($"{p.Name,-16} {p.L,8:F1} {p.P,8:F1} {p.S,8:F1} mm  presence {p.PresenceProbability:F2}{(p.IsPresent ? "" : "  (absent)")}");
}

return 0;
