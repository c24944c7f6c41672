using H3deMl.Core.Phantoms;
using H3deMl.Tensors.Randomness;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>The README's pipeline (the ML.NET contract of the issue), word for word, on phantoms written as NIfTI files
/// with Slicer landmark files: it compiles, trains, saves, reloads and predicts a scan on disk.</summary>
public sealed class ReadmePipelineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "h3de-readme-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadmePipeline_TrainsSavesReloadsAndPredictsAScanFile()
    {
        string[] scans = WritePhantoms(4);
        string path = Path.Combine(_directory, "model.zip");

        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadScans(_directory);
        var pipeline = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(32, 32, 32), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(), TransformerScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions { Epochs = 2, Architecture = H3deNetArchitecture.Tiny }));
        ITransformer model = pipeline.Fit(train);
        ml.Model.Save(model, train.Schema, path);
        ITransformer loaded = ml.Model.Load(path, out DataViewSchema schema);
        var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(loaded);
        LandmarkPrediction prediction = engine.Predict(new ScanInput { ScanPath = scans[0] });

        Assert.Equal(4, train.GetRowCount());
        Assert.NotNull(schema.GetColumnOrNull(ScanColumnNames.ScanPath));
        Assert.Equal(PhantomGenerator.LandmarkNames, loaded.GetLandmarkNames());
        Assert.Equal(3 * 13, prediction.PredictedLandmarks.Length);
        Assert.Equal(13, prediction.PresenceProbabilities.Length);
        Assert.Equal(13, prediction.PresenceDecisions.Length);
        Assert.All(prediction.PredictedLandmarks, v => Assert.True(float.IsFinite(v)));
        Assert.All(prediction.PresenceProbabilities, p => Assert.InRange(p, 0f, 1f));
        IReadOnlyList<PredictedLandmark> points = prediction.ToPoints(loaded.GetLandmarkNames());
        Assert.Equal("Nasion", points[0].Name);
        // The fitted model predicts the same from the same file.
        Assert.Equal(prediction.PredictedLandmarks, ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model).Predict(new ScanInput { ScanPath = scans[0] }).PredictedLandmarks);
    }

    private string[] WritePhantoms(int count)
    {
        Directory.CreateDirectory(_directory);
        var options = new PhantomOptions { SizeI = 36, SizeJ = 36, SizeK = 34, MissingToothProbability = 0, CutFieldOfViewProbability = 0 };
        return [.. Enumerable.Range(0, count).Select(n =>
        {
            var (volume, landmarks) = PhantomGenerator.Generate(options, new RandomStream((ulong)n + 1));
            string scan = Path.Combine(_directory, $"case{n}.nii.gz");
            volume.Write(scan);
            landmarks.Write(Path.Combine(_directory, $"case{n}.mrk.json"));
            return scan;
        })];
    }
}
