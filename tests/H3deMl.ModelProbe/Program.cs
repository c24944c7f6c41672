using System.Globalization;
using H3deMl;
using H3deMl.Core.Phantoms;
using Microsoft.ML;

// Usage: H3deMl.ModelProbe <model.zip> phantoms <count> <seed> <size>
//        H3deMl.ModelProbe <model.zip> files <scan>...
// Prints one line per scan: its id, then the bits of PredictedLandmarks, PresenceProbabilities and PresenceDecisions.
// No registration call: the zip names the assemblies of its components and ML.NET loads them.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: H3deMl.ModelProbe <model.zip> (phantoms <count> <seed> <size> | files <scan>...)");
    return 2;
}

var ml = new MLContext(seed: 1);
ITransformer model = ml.Model.Load(args[0], out _);
var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
foreach (ScanInput input in Inputs(ml, args[1], args[2..]))
{
    LandmarkPrediction p = engine.Predict(input);
    Console.WriteLine(string.Join(' ',
        input.Id.Length > 0 ? input.Id : Path.GetFileName(input.ScanPath),
        Bits(p.PredictedLandmarks),
        Bits(p.PresenceProbabilities),
        string.Concat(p.PresenceDecisions.Select(d => d ? '1' : '0'))));
}

return 0;

static IEnumerable<ScanInput> Inputs(MLContext ml, string kind, string[] rest)
{
    if (kind == "files")
    {
        return rest.Select(path => new ScanInput { ScanPath = path });
    }

    int Int(int n) => int.Parse(rest[n], CultureInfo.InvariantCulture);
    var options = new PhantomOptions { SizeI = Int(2), SizeJ = Int(2), SizeK = Int(2) };
    return ml.Data.CreateEnumerable<ScanInput>(ml.Data.GeneratePhantoms(Int(0), Int(1), options), reuseRowObject: false);
}

static string Bits(float[] values) =>
    string.Join(',', values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));
