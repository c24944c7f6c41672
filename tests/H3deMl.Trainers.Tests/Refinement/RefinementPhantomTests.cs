using H3deMl.TestKit;
using H3deMl.Core.Phantoms;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Refinement;
using H3deMl.Transforms.Cropping;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace H3deMl.Trainers.Tests.Refinement;

/// <summary>The refinement stage after a coarse 2 mm H3DE-Net, on phantoms written as NIfTI + Slicer landmark files:
/// it lowers the test MRE of the coarse stage and round-trips through a model zip.</summary>
public sealed class RefinementPhantomTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Refinement_AfterCoarseStage_LowersTestMreAndRoundTrips()
    {
        var ml = new MLContext(seed: 5);
        IDataView train = ml.Data.LoadScans(WritePhantoms("train", 12, seed: 1));
        IDataView test = ml.Data.LoadScans(WritePhantoms("test", 4, seed: 100));
        var pipeline = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(new RandomCropOptions { SizeI = 32, SizeJ = 32, SizeK = 32, MinZoomRate = 1 }), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Tiny,
                Epochs = 20,
                BatchSize = 1,
                LearningRate = 6e-3,
                HeatmapDecodeMinimumVoxels = 20,
            }))
            .Append(ml.Landmarks.Trainers.H3deNetRefinement(new RefinementOptions
            {
                Architecture = H3deNetArchitecture.Tiny,
                SpacingMm = 0.5,
                PatchSize = 24,
                JitterMm = 1.2,
                HeatmapRadiusVoxels = 4,
                Epochs = 20,
                PatchesPerScan = 8,
                WindowMin = -1000,
                WindowMax = 2000,
            }));

        TransformerChain<H3deNetRefinementModel> model = pipeline.Fit(train);
        var coarse = new TransformerChain<ITransformer>([.. model.Take(model.Count() - 1)]);
        double coarseMre = PredictedRows.Mre(ml, coarse.Transform(test));
        float[][] refined = PredictedRows.Predictions(ml, model.Transform(test));
        double refinedMre = PredictedRows.Mre(ml, model.Transform(test));
        output.WriteLine($"test MRE: coarse {coarseMre:F3} mm, refined {refinedMre:F3} mm");
        Assert.True(refinedMre < coarseMre, $"refined MRE {refinedMre:F3} mm is not below the coarse {coarseMre:F3} mm");

        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        ITransformer loaded = ml.Model.Load(zip, out _);
        float[][] reloaded = PredictedRows.Predictions(ml, loaded.Transform(test));
        Assert.Equal(refined.Length, reloaded.Length);
        for (int i = 0; i < refined.Length; i++)
        {
            Assert.Equal(refined[i], reloaded[i]);
        }
    }

    [Fact]
    public void Patches_WithoutScanPath_SayTheyNeedScansOnDisk()
    {
        var patches = new RefinementPatches(new RefinementModelOptions { Architecture = H3deNetArchitecture.Tiny with { LandmarkCount = 1 }, LandmarkNames = ["A"] }, keepOriginals: true);
        var e = Assert.Throws<InvalidOperationException>(() => patches.Original(new Core.Data.ScanRow { Id = "case" }));
        Assert.Contains("needs scans on disk", e.Message, StringComparison.Ordinal);
    }

    private string WritePhantoms(string folder, int count, int seed)
    {
        string directory = Path.Combine(_temp.Path, folder);
        Directory.CreateDirectory(directory);
        var options = new PhantomOptions { SizeI = 32, SizeJ = 32, SizeK = 32, SpacingMm = 1.0, SpacingJitter = 0, MissingToothProbability = 0, CutFieldOfViewProbability = 0 };
        for (int n = 0; n < count; n++)
        {
            var (volume, landmarks) = PhantomGenerator.Generate(options, new RandomStream((ulong)(seed + n)));
            volume.Write(Path.Combine(directory, $"case{n}.nii.gz"));
            landmarks.Write(Path.Combine(directory, $"case{n}.mrk.json"));
        }

        return directory;
    }
}
