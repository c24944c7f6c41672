using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>DECISIONS.md §11: one seed gives bit-identical weights and losses whatever the kernel thread count.</summary>
[Collection(ComputeSettingsCollection.Name)]
public sealed class TrainingDeterminismTests
{
    [Fact]
    public void Fit_TwoStepsOneAndTwoThreads_BitIdenticalWeightsAndLosses()
    {
        var (modelOne, lossesOne) = ComputeSettingsCollection.WithThreads(1, () => Train(seed: 4));
        var (modelTwo, lossesTwo) = ComputeSettingsCollection.WithThreads(2, () => Train(seed: 4));

        Assert.Equal(2, lossesOne.Count);
        Assert.Equal(lossesOne, lossesTwo);
        var one = modelOne.Network.StateDict();
        var two = modelTwo.Network.StateDict();
        Assert.Equal(one.Keys, two.Keys);
        foreach (var (name, tensor) in one)
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(two[name].ToArray()), $"{name} differs between 1 and 2 threads");
        // Training moved the weights: the comparison is not between two untouched initialisations.
        var (_, lossesOther) = ComputeSettingsCollection.WithThreads(2, () => Train(seed: 5));
        Assert.NotEqual(lossesOne, lossesOther);
    }

    private static (H3deNetModel Model, List<double> Losses) Train(int seed)
    {
        var ml = new H3deContext(seed);
        var data = ml.Data.GeneratePhantoms(2, new PhantomOptions { SizeI = 36, SizeJ = 36, SizeK = 34, SpacingJitter = 0, MissingToothProbability = 0, CutFieldOfViewProbability = 0 });
        var losses = new List<double>();
        var progress = new SynchronousProgress(p => { if (p.Batch > 0) losses.Add(p.Loss); });
        var pipeline = TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = TrainingTestKit.MiniArchitecture,
            Epochs = 1,
            BatchSize = 1,
            HeatmapDecodeMinimumVoxels = 10,
        }, progress);
        return (pipeline.Fit(data).LastTransformer, losses);
    }
}
