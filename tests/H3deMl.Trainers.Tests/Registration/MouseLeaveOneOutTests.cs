using System.Diagnostics;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;
using Microsoft.ML;
using Xunit.Abstractions;

namespace H3deMl.Trainers.Tests.Registration;

/// <summary>Real micro-CT: leave-one-out over five mouse skulls (in arbitrary poses) with four templates each.</summary>
public sealed class MouseLeaveOneOutTests(ITestOutputHelper output)
{
    private const string Atlas = "mouse-ct-atlas";

    [DataFact("mouse-ct-atlas/landmarks")]
    public void TemplateRegistration_LeaveOneOut_MreBelowOneMillimetre()
    {
        string[] ids = [.. Directory.GetFiles(TestData.File($"{Atlas}/landmarks"), "*.mrk.json")
            .Select(f => Path.GetFileName(f)[..^".mrk.json".Length]).Order(StringComparer.Ordinal).Where((_, i) => i % 4 == 1).Take(5)];
        var ml = new MLContext(seed: 1);
        var watch = Stopwatch.StartNew();
        var caseMres = new List<double>();
        foreach (string heldOut in ids)
        {
            string manifest = PersistenceKitPath(".csv");
            File.WriteAllLines(manifest, ["image,landmarks,id", .. ids.Where(id => id != heldOut).Select(id => $"{Image(id)},{Marks(id)},{id}")]);
            ITransformer model = ml.Transforms.LoadVolume()
                .Append(ml.Landmarks.Trainers.TemplateRegistration(new TemplateRegistrationOptions
                {
                    Surface = new Core.Registration.BoneSurfaceOptions { MaxPoints = 4000 },
                    FixedSurfacePoints = 20_000,
                }))
                .Fit(ml.Data.LoadScans(manifest));
            LandmarkPrediction p = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model).Predict(new ScanInput { Volume = Volume.Read(Image(heldOut)) });
            double[] errors = RegistrationKit.Errors(p, model.GetLandmarkNames(), LandmarkSet.Read(Marks(heldOut)));
            caseMres.Add(errors.Average());
            output.WriteLine($"{heldOut}: MRE {errors.Average():F3} mm, max {errors.Max():F3} mm ({errors.Length} landmarks), {watch.Elapsed.TotalSeconds:F0} s so far");
        }

        output.WriteLine($"mean MRE {caseMres.Average():F3} mm over {ids.Length} scans in {watch.Elapsed.TotalSeconds:F0} s");
        Assert.True(caseMres.Average() < 1.0, $"mean MRE {caseMres.Average():F3} mm");
    }

    private static string Image(string id) => TestData.File($"{Atlas}/volumes/{id}.nii.gz");

    private static string Marks(string id) => TestData.File($"{Atlas}/landmarks/{id}.mrk.json");

    private static string PersistenceKitPath(string extension) => Persistence.PersistenceKit.TempPath(extension);
}
