// Predict: load a trained model zip (from QuickStart or 'h3de train') and print the landmarks of a DICOM series.
// Usage: dotnet run --project samples/Predict -c Release -- MODEL.zip DICOMDIR
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Predict MODEL.zip DICOMDIR");
    return 2;
}

var ml = new H3deContext();
var engine = ml.Model.CreatePredictionEngine(ml.Model.Load(args[0]));  // the whole saved pipeline: preprocessing + network
var scan = Volume.Read(args[1]);                                         // a DICOM folder (or .nii.gz, .nrrd, .mha, ...)
var prediction = engine.Predict(scan);                                   // positions in world LPS mm of this scan

for (var i = 0; i < prediction.Landmarks.Count; i++)
{
    var (name, p, present) = prediction.Landmarks[i];
    var presence = prediction.PresenceProbabilities[i];
    Console.WriteLine($"{name,-16} {p.X,8:F1} {p.Y,8:F1} {p.Z,8:F1} mm  presence {presence:F2}{(present ? "" : "  (absent)")}");
}

return 0;
