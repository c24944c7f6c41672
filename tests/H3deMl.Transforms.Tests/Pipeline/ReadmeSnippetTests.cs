using H3deMl.Core.Data;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors;
using H3deMl.Transforms;
using H3deMl.Transforms.Conversion;
using H3deMl.Transforms.Targets;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>The README's "Preparing data" snippet, on small phantoms instead of the mouse atlas, so that it keeps compiling and working.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void PreparingDataSnippet_Runs()
    {
        var ml = new H3deContext(seed: 1);
        var data = ml.Data.GeneratePhantoms(5, new PhantomOptions { SizeI = 40, SizeJ = 40, SizeK = 32 });
        var (train, test) = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var prepare = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(min: -1000, max: 2000))
            .Append(ml.Transforms.RandomFlip(), StepScope.Training)
            .Append(ml.Transforms.RandomCrop(32, 32, 16), StepScope.Training)
            .Append(ml.Transforms.CenterCrop(32, 32, 16), StepScope.Evaluation)
            .Append(ml.Transforms.EncodeAnchorTargets(), StepScope.Training);
        var fitted = prepare.Fit(train);
        int rows = 0;
        foreach (var row in fitted.Transform(train, StepScope.Training).WithPrefetch(2))
        {
            Tensor input = VolumeTensor.ToNetworkInput(row.Volume!);
            var targets = row.GetFeature<AnchorTargets>(TargetFeatureKeys.Anchors);
            var world = CoordinateMapping.CurrentIndexToWorldLps(row, new(16, 16, 8));
            Assert.Equal([1, 32, 32, 16], input.Shape.ToArray());
            Assert.Equal([4, 13, 8, 8, 4], targets.Classification.Shape.ToArray());
            Assert.True(world.IsFinite);
            rows++;
        }

        Assert.Equal(4, rows);
        ScanRow evaluated = fitted.Transform(test).Single();
        Assert.False(evaluated.Features.ContainsKey(TargetFeatureKeys.Anchors));
        Assert.Equal(["CenterCrop"], evaluated.History.Select(h => h.StepName));
    }
}
