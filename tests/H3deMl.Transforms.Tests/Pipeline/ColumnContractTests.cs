using H3deMl.TestKit.MLNet;
using H3deMl.Tensors;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Targets;
using H3deMl.Transforms.Tests.Helpers;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>Which columns each step reads and writes, and how a step failing on a case reports it.</summary>
public sealed class ColumnContractTests
{
    [Fact]
    public void TargetEncoders_RequireLandmarks_NamingTheColumn()
    {
        var ml = new MLContext(1);
        IDataView noLandmarks = ml.Transforms.DropColumns(ScanColumnNames.Landmarks).Fit(Phantoms.Generate(ml, 1)).Transform(Phantoms.Generate(ml, 1));
        foreach (IEstimator<ITransformer> estimator in new IEstimator<ITransformer>[] { ml.Transforms.EncodeHeatmapTargets(), ml.Transforms.EncodeAnchorTargets() })
        {
            Assert.Contains($"'{ScanColumnNames.Landmarks}'", Assert.ThrowsAny<ArgumentException>(() => estimator.Fit(noLandmarks)).Message);
            Assert.Contains($"'{ScanColumnNames.Landmarks}'", Assert.ThrowsAny<ArgumentException>(() => estimator.GetOutputSchema(SchemaShapes.Of(noLandmarks.Schema))).Message);
        }
    }

    [Fact]
    public void TargetEncoders_WriteTheirFeatureColumn_WithTheFeatureKeyAsName()
    {
        var ml = new MLContext(1);
        IDataView data = Phantoms.Generate(ml, 1);
        IDataView encoded = ml.Transforms.CenterCrop(32, 32, 16)
            .Append(ml.Transforms.EncodeHeatmapTargets(4))
            .Append(ml.Transforms.EncodeAnchorTargets())
            .Fit(data).Transform(data);
        OutputRow row = Assert.Single(OutputRow.ReadAll(encoded));
        Assert.Equal(TargetFeatureKeys.Heatmap, ScanColumnNames.HeatmapTargets);
        Assert.Equal(TargetFeatureKeys.Anchors, ScanColumnNames.AnchorTargets);
        Assert.Equal([13, 32, 32, 16], row.Get<Tensor>(ScanColumnNames.HeatmapTargets).Shape.ToArray());
        Assert.Equal([4, 13, 8, 8, 4], row.Get<AnchorTargets>(ScanColumnNames.AnchorTargets).Classification.Shape.ToArray());
    }

    [Fact]
    public void SpatialSteps_WriteLandmarksOnlyWhenTheyCanChangeThem()
    {
        var ml = new MLContext(1);
        IDataView data = Phantoms.Generate(ml, 1);
        int OwnColumns(IEstimator<ITransformer> e) => e.Fit(data).Transform(data).Schema.Count - data.Schema.Count;
        Assert.Equal(2, OwnColumns(ml.Transforms.RandomFlip()));
        Assert.Equal(2, OwnColumns(ml.Transforms.LoadVolume()));
        Assert.Equal(1, OwnColumns(ml.Transforms.RandomRotation()));
        Assert.Equal(1, OwnColumns(ml.Transforms.CenterCrop()));
        Assert.Equal(1, OwnColumns(ml.Transforms.Resample()));
        IDataView volumeOnly = ml.Transforms.DropColumns(ScanColumnNames.Landmarks).Fit(data).Transform(data);
        Assert.Equal(1, ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 1 }).Fit(volumeOnly).Transform(volumeOnly).Schema.Count - volumeOnly.Schema.Count);
    }

    [Fact]
    public void LoadVolume_MissingFile_FailsNamingStepAndCase()
    {
        var ml = new MLContext(1);
        IDataView broken = ml.Data.LoadFromEnumerable([new PathRow { Id = "broken", ScanPath = "/nonexistent/broken.nii.gz" }]);
        IDataView loaded = ml.Transforms.LoadVolume().Fit(broken).Transform(broken);
        var e = Assert.Throws<ScanStepException>(() => ColumnValues.ReadAll(loaded));
        Assert.Equal("broken", e.CaseId);
        Assert.Equal("LoadVolume", e.StepName);
        Assert.True(e.InnerException is FileNotFoundException or DirectoryNotFoundException, e.InnerException?.GetType().Name);
        Assert.Contains("broken", e.Message);
    }

    private sealed class PathRow
    {
        public string Id { get; set; } = "";

        public string ScanPath { get; set; } = "";
    }
}
