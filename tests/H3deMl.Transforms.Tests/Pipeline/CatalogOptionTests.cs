using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Loading;
using H3deMl.Transforms.Targets;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>The catalog methods validate their options before building anything, naming the property.</summary>
public sealed class CatalogOptionTests
{
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
        TransformsCatalog t = new MLContext(1).Transforms;
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

    [Fact]
    public void Catalog_NullOptions_Throw()
    {
        TransformsCatalog t = new MLContext(1).Transforms;
        Assert.Throws<ArgumentNullException>(() => t.CenterCrop((CenterCropOptions)null!));
        Assert.Throws<ArgumentNullException>(() => t.RandomFlip((RandomFlipOptions)null!));
        Assert.Throws<ArgumentNullException>(() => t.EncodeAnchorTargets((AnchorTargetOptions)null!));
    }
}
