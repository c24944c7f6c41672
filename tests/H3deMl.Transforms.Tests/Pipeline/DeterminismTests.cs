using H3deMl.Core.Data;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms;
using H3deMl.Transforms.Targets;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>DECISIONS.md §11: one seed drives crops and augmentation; same seed → same samples; every epoch differs.</summary>
public sealed class DeterminismTests
{
    private static readonly PhantomOptions Small = new() { SizeI = 40, SizeJ = 40, SizeK = 32, NoiseStdDevHu = 5 };

    private static ScanDataView Prepared(int seed, int prefetch = 0)
    {
        var ml = new H3deContext(seed);
        ScanDataView data = ml.Data.GeneratePhantoms(4, Small);
        var pipeline = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.RandomRotation(5), StepScope.Training)
            .Append(ml.Transforms.RandomCrop(24, 24, 16), StepScope.Training)
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.GaussianNoise(0.01), StepScope.Training)
            .Append(ml.Transforms.EncodeAnchorTargets(), StepScope.Training);
        return pipeline.Fit(data).Transform(data, StepScope.Training).WithPrefetch(prefetch);
    }

    [Fact]
    public void SameSeed_SameSamples_EveryEpochDifferent_PrefetchChangesNothing()
    {
        List<ScanRow> a0 = [.. Prepared(5).Enumerate(0)];
        List<ScanRow> b0 = [.. Prepared(5, prefetch: 2).Enumerate(0)];
        List<ScanRow> a1 = [.. Prepared(5).Enumerate(1)];
        List<ScanRow> c0 = [.. Prepared(6).Enumerate(0)];
        for (int n = 0; n < a0.Count; n++)
        {
            Helpers.EstimatorWorkout.AssertSameRow(a0[n], b0[n]);
            Assert.False(a0[n].Volume!.Voxels.AsSpan().SequenceEqual(a1[n].Volume!.Voxels), "two epochs gave the same crop");
            Assert.False(a0[n].Volume!.Voxels.AsSpan().SequenceEqual(c0[n].Volume!.Voxels), "two seeds gave the same crop");
            Assert.True(a0[n].GetFeature<AnchorTargets>(TargetFeatureKeys.Anchors).PositiveCount > 0);
        }
    }

    [Fact]
    public void Evaluation_SkipsTrainingSteps()
    {
        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.GeneratePhantoms(1, Small);
        var model = ml.Transforms.LoadVolume().Append(ml.Transforms.RandomCrop(24, 24, 16), StepScope.Training).Append(ml.Transforms.CenterCrop(32, 32, 16), StepScope.Evaluation | StepScope.Scoring).Fit(data);
        ScanRow evaluated = model.Transform(data).Single();
        Assert.Equal(32, evaluated.Volume!.Size.I);
        Assert.Equal(["CenterCrop"], evaluated.History.Select(h => h.StepName));
    }
}
