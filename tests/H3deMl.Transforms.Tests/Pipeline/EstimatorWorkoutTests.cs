using H3deMl.Core.Data;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Loading;
using H3deMl.Transforms.Spatial;
using H3deMl.Transforms.Targets;
using H3deMl.Transforms.Tests.Helpers;

namespace H3deMl.Transforms.Tests.Pipeline;

public sealed class EstimatorWorkoutTests
{
    private static ScanDataView Data(H3deContext ml) => TestScans.View(ml, 2);

    [Fact]
    public void LoadVolume_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.LoadVolume(), Data);

    [Fact]
    public void NormalizeIntensity_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.NormalizeIntensity(-100, 1000), Data);

    [Fact]
    public void NormalizeIntensity_ZScore_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.ZScore }), Data);

    [Fact]
    public void Resample_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.Resample(1.3), Data);

    [Fact]
    public void Reorient_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.Reorient(CanonicalOrientation.Ras), Data);

    [Fact]
    public void RandomCrop_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.RandomCrop(32, 32, 16), Data);

    [Fact]
    public void CenterCrop_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.CenterCrop(32, 32, 16), Data);

    [Fact]
    public void RandomFlip_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 0.5, ProbabilityK = 0.5 }), Data);

    [Fact]
    public void RandomRotation_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.RandomRotation(8), Data);

    [Fact]
    public void RandomIntensity_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.RandomIntensity(), Data);

    [Fact]
    public void GaussianNoise_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.GaussianNoise(5), Data);

    [Fact]
    public void EncodeHeatmapTargets_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.EncodeHeatmapTargets(6), Data);

    [Fact]
    public void EncodeAnchorTargets_Workout() => EstimatorWorkout.Run(ml => ml.Transforms.EncodeAnchorTargets(), Data);

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "RandomCrop", "SizeK" },
        { "RandomCropRates", "MaxZoomRate" },
        { "CenterCrop", "ZoomMarginJ" },
        { "NormalizeIntensity", "WindowMax" },
        { "Percentile", "UpperPercentile" },
        { "Resample", "SpacingMmI" },
        { "RandomFlip", "ProbabilityJ" },
        { "RandomRotation", "MaxDegreesY" },
        { "RandomIntensity", "ScaleMax" },
        { "GaussianNoise", "StandardDeviation" },
        { "Heatmap", "RadiusVoxels" },
        { "Anchors", "RadiiCells" },
        { "LoadVolume", "CacheDirectory" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Catalog_InvalidOption_ThrowsNamingTheProperty(string step, string property)
    {
        var t = new H3deContext(1).Transforms;
        Action create = step switch
        {
            "RandomCrop" => () => t.RandomCrop(128, 128, 0),
            "RandomCropRates" => () => t.RandomCrop(new RandomCropOptions { MinZoomRate = 0.9, MaxZoomRate = 0.8 }),
            "CenterCrop" => () => t.CenterCrop(new CenterCropOptions { ZoomMarginJ = 1.5 }),
            "NormalizeIntensity" => () => t.NormalizeIntensity(10, 5),
            "Percentile" => () => t.NormalizeIntensity(new IntensityNormalizingOptions { Mode = IntensityNormalizationMode.Percentile, LowerPercentile = 50, UpperPercentile = 40 }),
            "Resample" => () => t.Resample(-1),
            "RandomFlip" => () => t.RandomFlip(new RandomFlipOptions { ProbabilityJ = 2 }),
            "RandomRotation" => () => t.RandomRotation(new RandomRotationOptions { MaxDegreesY = 400 }),
            "RandomIntensity" => () => t.RandomIntensity(1.2, 1.1),
            "GaussianNoise" => () => t.GaussianNoise(double.NaN),
            "Heatmap" => () => t.EncodeHeatmapTargets(0),
            "Anchors" => () => t.EncodeAnchorTargets(new AnchorTargetOptions { RadiiCells = [0.5, -1] }),
            "LoadVolume" => () => t.LoadVolume(new VolumeLoadingOptions { CacheDirectory = string.Empty }),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(property, e.ParamName);
        Assert.Contains(property, e.Message);
    }
}
