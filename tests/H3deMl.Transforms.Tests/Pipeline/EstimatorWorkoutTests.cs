using H3deMl.TestKit.MLNet;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Spatial;
using H3deMl.Transforms.Tests.Helpers;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>Every estimator through the TestKit workout (fit, read every column, schema propagation, wrong column type
/// refused, model zip round trip, scoring behaviour).</summary>
public sealed class EstimatorWorkoutTests
{
    private static readonly WorkoutOptions Training = new() { TrainingOnly = true, ValueEquality = Phantoms.SameTargets };

    private static void Run<T>(Func<TransformsCatalog, IEstimator<T>> create, WorkoutOptions? options = null)
        where T : class, ITransformer
    {
        var ml = new MLContext(seed: 17);
        EstimatorWorkout.Run(ml, create(ml.Transforms), Phantoms.Generate(ml), options);
    }

    [Fact]
    public void LoadVolume_Workout() => Run(t => t.LoadVolume());

    [Fact]
    public void NormalizeIntensity_Workout() => Run(t => t.NormalizeIntensity(-100, 1000));

    [Fact]
    public void NormalizeIntensity_ZScore_Workout() => Run(t => t.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.ZScore }));

    [Fact]
    public void Resample_Workout() => Run(t => t.Resample(1.3));

    [Fact]
    public void Reorient_Workout() => Run(t => t.Reorient(CanonicalOrientation.Ras));

    [Fact]
    public void NormalizePose_Workout() => Run(t => t.NormalizePose(2.0));

    [Fact]
    public void CenterCrop_Workout() => Run(t => t.CenterCrop(32, 32, 16));

    [Fact]
    public void RandomCrop_Workout() => Run(t => t.RandomCrop(24, 24, 16), Training);

    [Fact]
    public void RandomFlip_Workout() => Run(t => t.RandomFlip(new RandomFlipOptions { ProbabilityI = 0.5, ProbabilityK = 0.5 }), Training);

    [Fact]
    public void RandomRotation_Workout() => Run(t => t.RandomRotation(8), Training);

    [Fact]
    public void RandomIntensity_Workout() => Run(t => t.RandomIntensity(), Training);

    [Fact]
    public void GaussianNoise_Workout() => Run(t => t.GaussianNoise(5), Training);

    [Fact]
    public void EncodeHeatmapTargets_Workout() => Run(t => t.EncodeHeatmapTargets(6), Training);

    [Fact]
    public void EncodeAnchorTargets_Workout() => Run(t => t.EncodeAnchorTargets(), Training);
}
