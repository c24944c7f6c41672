using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>End-to-end: the pipeline trains a small H3DE-Net on synthetic phantoms, and the model round-trips through a zip.</summary>
public sealed class PhantomTrainingTests
{
    [Fact]
    public void Fit_SmallNetworkOnPhantoms_LowersLossAndRoundTripsThroughModelZip()
    {
        var ml = new H3deContext(seed: 3);
        var phantoms = new PhantomOptions { SizeI = 40, SizeJ = 40, SizeK = 36, SpacingJitter = 0, MissingToothProbability = 0, CutFieldOfViewProbability = 0 };
        var data = ml.Data.GeneratePhantoms(6, phantoms);
        var epochLosses = new List<double>();
        var progress = new SynchronousProgress(p => { if (p.Batch == 0) epochLosses.Add(p.Loss); });
        var pipeline = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(32, 32, 32), StepScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), StepScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Small,
                Epochs = 4,
                BatchSize = 3,
                LearningRate = 3e-3,
                HeatmapDecodeMinimumVoxels = 20,
                HeatmapLocalizationWeight = 0,     // the reference's loss alone, whose fall the test measures
            }, progress));

        var model = pipeline.Fit(data);

        Assert.Equal(4, epochLosses.Count);
        Assert.True(epochLosses[^1] < 0.8 * epochLosses[0], $"epoch losses {string.Join(", ", epochLosses)} did not fall by 20 %");
        var engine = ml.Model.CreatePredictionEngine(model);
        var scan = data.GetRow(0).Volume ?? ml.Transforms.LoadVolume().Fit(data).TransformRow(data.GetRow(0), new ScanRowContext(0, 0)).Volume!;
        var before = engine.Predict(scan);
        Assert.Equal(data.LandmarkNames, before.Landmarks.Names);
        Assert.All(before.Landmarks.Landmarks, l => Assert.True(l.PositionLps.IsFinite));

        using var zip = new MemoryStream();
        ml.Model.Save(model, zip);
        zip.Position = 0;
        var after = ml.Model.CreatePredictionEngine(ml.Model.Load(zip)).Predict(scan);
        Assert.Equal(before.Landmarks.Landmarks, after.Landmarks.Landmarks);
        Assert.Equal(before.PresenceProbabilities, after.PresenceProbabilities);
    }
}
