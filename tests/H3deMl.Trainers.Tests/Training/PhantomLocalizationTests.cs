using H3deMl.Transforms.Cropping;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>Issue 5's quality bar on synthetic data: small phantoms train to a mean radial error below 1.5 voxels on held-out phantoms.</summary>
public sealed class PhantomLocalizationTests
{
    private const int Epochs = 20;

    [Fact]
    public void Fit_TinyNetworkOnSmallPhantoms_LocalisesHeldOutPhantomsWithinOneAndAHalfVoxels_Deterministically()
    {
        var (ml, train, test, pipeline, losses) = Setup(Epochs);

        ITransformer model = pipeline.Fit(train);
        List<double> errors = RadialErrors(ml, model.Transform(test));

        // Spacing 1 mm on every axis, so millimetres are voxels; every landmark of the 4 held-out phantoms is present.
        Assert.Equal(12 * Epochs, losses.Count);
        Assert.Equal(4 * 13, errors.Count);
        double mre = errors.Average();
        Assert.True(mre < 1.5, $"held-out MRE {mre:F3} voxels, not below 1.5 (errors {string.Join(", ", errors.Select(e => e.ToString("F2")))})");

        // The same seed replays the first epoch bit for bit.
        var (_, trainAgain, _, pipelineAgain, lossesAgain) = Setup(1);
        pipelineAgain.Fit(trainAgain);
        Assert.Equal(losses.Take(lossesAgain.Count), lossesAgain);
    }

    /// <summary>The distance (mm) between each present ground-truth landmark and its prediction.</summary>
    internal static List<double> RadialErrors(MLContext ml, IDataView scored)
    {
        var errors = new List<double>();
        foreach (Scored row in ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false))
        {
            Assert.Equal(row.Landmarks.Length, row.PredictedLandmarks.Length);
            for (int l = 0; l < row.Landmarks.Length; l += 3)
            {
                if (float.IsNaN(row.Landmarks[l]))
                {
                    continue;
                }

                double dx = row.Landmarks[l] - row.PredictedLandmarks[l];
                double dy = row.Landmarks[l + 1] - row.PredictedLandmarks[l + 1];
                double dz = row.Landmarks[l + 2] - row.PredictedLandmarks[l + 2];
                errors.Add(Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)));
            }
        }

        return errors;
    }

    // Tiny network, 32³ phantoms of 1 mm kept in memory, batch 1 (with instance norms, twice the updates of batch 2 for
    // the same work localise better in a short run) and a high learning rate: 12 × 20 = 240 steps. The crop does not zoom
    // (MinZoomRate 1): with a zoom range of 0.8–1 the result depends on the seed more than the bar allows, on the pipeline
    // before ML.NET as on this one (seeds 1, 2, 3 gave 1.23, 1.74 and 1.52 voxels there; 1.6–1.9 here), while without
    // zoom this run reaches 1.18.
    private static (MLContext Ml, IDataView Train, IDataView Test, EstimatorChain<Model.H3deNetModel> Pipeline, List<double> BatchLosses) Setup(int epochs)
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.GeneratePhantoms(12, seed: 1, TrainingTestKit.Phantoms(32));
        IDataView test = ml.Data.GeneratePhantoms(4, seed: 2, TrainingTestKit.Phantoms(32));
        var losses = new List<double>();
        var pipeline = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomCrop(new RandomCropOptions { SizeI = 32, SizeJ = 32, SizeK = 32, MinZoomRate = 1 }), TransformerScope.Training)
            .Append(ml.Transforms.EncodeHeatmapTargets(radiusVoxels: 5), TransformerScope.Training)
            .Append(ml.Landmarks.Trainers.H3deNet(new H3deNetOptions
            {
                Architecture = H3deNetArchitecture.Tiny,
                Epochs = epochs,
                BatchSize = 1,
                LearningRate = 6e-3,
                HeatmapDecodeMinimumVoxels = 20,
                Progress = new SynchronousProgress(p =>
                {
                    if (p.Batch > 0)
                    {
                        losses.Add(p.Loss);
                    }
                }),
            }));
        return (ml, train, test, pipeline, losses);
    }

    private sealed class Scored
    {
        public float[] Landmarks { get; set; } = [];

        public float[] PredictedLandmarks { get; set; } = [];
    }
}
