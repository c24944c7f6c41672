using H3deMl.Trainers.Model;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>DECISIONS.md §11: one MLContext seed gives bit-identical weights and losses whatever the kernel thread count.</summary>
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
        var one = modelOne.Model.StateDict();
        var two = modelTwo.Model.StateDict();
        Assert.Equal(one.Keys, two.Keys);
        foreach (var (name, tensor) in one)
        {
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(two[name].ToArray()), $"{name} differs between 1 and 2 threads");
        }

        // Another seed trains differently: the comparison is not between two runs that ignore the seed.
        var (_, lossesOther) = ComputeSettingsCollection.WithThreads(2, () => Train(seed: 5));
        Assert.NotEqual(lossesOne, lossesOther);
    }

    private static (H3deNetModel Model, List<double> Losses) Train(int seed)
    {
        var ml = new MLContext(seed);
        IDataView data = ml.Data.GeneratePhantoms(2, seed: 1, TrainingTestKit.Phantoms(34));
        var losses = new List<double>();
        var pipeline = TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = TrainingTestKit.MiniArchitecture,
            Epochs = 1,
            BatchSize = 1,
            HeatmapDecodeMinimumVoxels = 10,
            Progress = new SynchronousProgress(p =>
            {
                if (p.Batch > 0)
                {
                    losses.Add(p.Loss);
                }
            }),
        });
        return (pipeline.Fit(data).LastTransformer, losses);
    }
}
