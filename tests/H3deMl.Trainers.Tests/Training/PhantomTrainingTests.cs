using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>End-to-end: the pipeline trains a small H3DE-Net on synthetic phantoms, and the model round-trips through an ML.NET zip.</summary>
public sealed class PhantomTrainingTests
{
    [Fact]
    public void Fit_SmallNetworkOnPhantoms_LowersLossAndRoundTripsThroughModelZip()
    {
        var ml = new MLContext(seed: 3);
        IDataView data = ml.Data.GeneratePhantoms(6, seed: 3, TrainingTestKit.Phantoms(36));
        var epochLosses = new List<double>();
        var pipeline = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(32, 32, 32), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Small,
                Epochs = 4,
                BatchSize = 3,
                LearningRate = 3e-3,
                HeatmapDecodeMinimumVoxels = 20,
                HeatmapLocalizationWeight = 0,     // the reference's loss alone, whose fall the test measures
                Progress = new SynchronousProgress(p =>
                {
                    if (p.Batch == 0)
                    {
                        epochLosses.Add(p.Loss);
                    }
                }),
            }));

        TransformerChain<Model.H3deNetModel> model = pipeline.Fit(data);

        Assert.Equal(4, epochLosses.Count);
        Assert.True(epochLosses[^1] < 0.8 * epochLosses[0], $"epoch losses {string.Join(", ", epochLosses)} did not fall by 20 %");
        ScanInput scan = ml.Data.CreateEnumerable<ScanInput>(data, reuseRowObject: false).First();
        LandmarkPrediction before = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model).Predict(scan);
        Assert.Equal(PhantomNames, model.GetLandmarkNames());
        Assert.Equal(3 * 13, before.PredictedLandmarks.Length);
        Assert.All(before.PredictedLandmarks, v => Assert.True(float.IsFinite(v)));

        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        zip.Position = 0;
        ITransformer loaded = ml.Model.Load(zip, out _);
        LandmarkPrediction after = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(loaded).Predict(scan);
        Assert.Equal(before.PredictedLandmarks, after.PredictedLandmarks);
        Assert.Equal(before.PresenceProbabilities, after.PresenceProbabilities);
        Assert.Equal(before.PresenceDecisions, after.PresenceDecisions);
        Assert.Equal(PhantomNames, loaded.GetLandmarkNames());
    }

    private static IReadOnlyList<string> PhantomNames => Core.Phantoms.PhantomGenerator.LandmarkNames;
}
