// Template registration and the mean-shape baseline on the 22 mouse skull micro-CT scans of mouse-ct-atlas.
// Split (fixed): cases sorted by id (ordinal); every 4th (positions 0, 4, 8, …) is a test scan, the rest are templates
// (the first template is the reference). Usage: dotnet run -c Release --project bench/registration [data folder] [bone threshold]
using System.Diagnostics;
using System.Globalization;
using H3deMl;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;
using H3deMl.Trainers.Registration;
using Microsoft.ML;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string root = args.Length > 0 ? args[0] : "/work/shared/data/mouse-ct-atlas";
double? threshold = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : null;
string[] ids = [.. Directory.GetFiles(Path.Combine(root, "landmarks"), "*.mrk.json").Select(f => Path.GetFileName(f)[..^".mrk.json".Length]).Order(StringComparer.Ordinal)];
string[] test = [.. ids.Where((_, i) => i % 4 == 0)];
string[] templates = [.. ids.Where((_, i) => i % 4 != 0)];
Console.WriteLine($"{ids.Length} cases: {templates.Length} templates (reference {templates[0]}), {test.Length} test scans: {string.Join(", ", test)}");
Console.WriteLine($"Threads: {Environment.ProcessorCount}; bone threshold: {(threshold is null ? "Otsu" : threshold.Value.ToString(CultureInfo.InvariantCulture))}");

string manifest = Path.Combine(Path.GetTempPath(), $"h3de-registration-bench-{Environment.ProcessId}.csv");
File.WriteAllLines(manifest, ["image,landmarks,id", .. templates.Select(id => $"{Image(id)},{Marks(id)},{id}")]);
var ml = new MLContext(seed: 1);
IDataView train = ml.Data.LoadScans(manifest);
var scans = test.Select(id => (Id: id, Volume: Volume.Read(Image(id)), Truth: LandmarkSet.Read(Marks(id)))).ToArray();

foreach (TemplateRegistrationMethod method in new[] { TemplateRegistrationMethod.TemplateMedian, TemplateRegistrationMethod.MeanShape })
{
    var options = new TemplateRegistrationOptions { Method = method, Surface = new BoneSurfaceOptions { Threshold = threshold } };
    var watch = Stopwatch.StartNew();
    ITransformer model = ml.Transforms.LoadVolume().Append(ml.Landmarks.Trainers.TemplateRegistration(options)).Fit(train);
    double fitSeconds = watch.Elapsed.TotalSeconds;
    IReadOnlyList<string> names = model.GetLandmarkNames();
    var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
    Console.WriteLine();
    Console.WriteLine($"{method} (fit {fitSeconds:F1} s)");
    Console.WriteLine($"{"case",-22} {"MRE mm",8} {"SD",6} {"max",7} {"n",3} {"s/scan",7}");
    var all = new List<double>();
    var times = new List<double>();
    var caseMeans = new List<double>();
    foreach ((string id, Volume volume, LandmarkSet truth) in scans)
    {
        watch.Restart();
        LandmarkPrediction p = engine.Predict(new ScanInput { Id = id, Volume = volume });
        times.Add(watch.Elapsed.TotalSeconds);
        double[] errors = Errors(p, names, truth);
        all.AddRange(errors);
        caseMeans.Add(errors.Average());
        Console.WriteLine($"{id,-22} {errors.Average(),8:F3} {Sd(errors),6:F3} {errors.Max(),7:F3} {errors.Length,3} {times[^1],7:F1}");
    }

    double[] sorted = [.. all.Order()];
    Console.WriteLine($"{"all",-22} {all.Average(),8:F3} {Sd(all),6:F3} {all.Max(),7:F3} {all.Count,3} {times.Average(),7:F1}");
    Console.WriteLine($"per-case MRE {caseMeans.Average():F3} ± {Sd(caseMeans):F3} mm; median error {Median(sorted):F3} mm; "
        + $"SDR 0.5/1/2 mm: {Sdr(all, 0.5):P1} / {Sdr(all, 1):P1} / {Sdr(all, 2):P1}; {times.Average():F1} s per scan (predict only, volume in memory)");
}

File.Delete(manifest);

string Image(string id) => Path.Combine(root, "volumes", id + ".nii.gz");
string Marks(string id) => Path.Combine(root, "landmarks", id + ".mrk.json");

static double[] Errors(LandmarkPrediction p, IReadOnlyList<string> names, LandmarkSet truth)
{
    var errors = new List<double>();
    for (int l = 0; l < names.Count; l++)
    {
        Landmark t = truth.Landmarks.FirstOrDefault(x => x.Name == names[l]);
        if (t.IsPresent)
        {
            errors.Add(Vector3d.Distance(new Vector3d(p.PredictedLandmarks[3 * l], p.PredictedLandmarks[(3 * l) + 1], p.PredictedLandmarks[(3 * l) + 2]), t.PositionLps));
        }
    }

    return [.. errors];
}

static double Sd(IReadOnlyCollection<double> v)
{
    double mean = v.Average();
    return v.Count < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
}

static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

static double Sdr(IReadOnlyCollection<double> errors, double mm) => errors.Count(e => e <= mm) / (double)errors.Count;
