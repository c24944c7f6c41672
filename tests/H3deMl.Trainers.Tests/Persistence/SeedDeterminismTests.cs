using System.IO.Compression;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>DECISIONS.md §11 through the ML.NET API: the same <c>MLContext</c> seed gives the same saved weights and the same
/// predictions with 1 and 2 kernel threads; another seed gives other weights.</summary>
[Collection(ComputeSettingsCollection.Name)]
public sealed class SeedDeterminismTests
{
    [Fact]
    public void SameSeed_OneAndTwoThreads_SameSavedWeightsAndPredictions()
    {
        var one = ComputeSettingsCollection.WithThreads(1, () => TrainSaveAndPredict(seed: 7));
        var two = ComputeSettingsCollection.WithThreads(2, () => TrainSaveAndPredict(seed: 7));
        var other = ComputeSettingsCollection.WithThreads(2, () => TrainSaveAndPredict(seed: 8));

        Assert.True(one.Weights.AsSpan().SequenceEqual(two.Weights), "the saved weights differ between 1 and 2 threads");
        Assert.Equal(one.Predictions, two.Predictions);
        Assert.False(one.Weights.AsSpan().SequenceEqual(other.Weights), "another seed saved the same weights");
        Assert.NotEqual(one.Predictions, other.Predictions);
    }

    private static (byte[] Weights, string[] Predictions) TrainSaveAndPredict(int seed)
    {
        var ml = new MLContext(seed);
        IDataView train = ml.Data.GeneratePhantoms(2, seed: 41, Training.TrainingTestKit.Phantoms(PersistenceKit.Size));
        ITransformer model = PersistenceKit.Pipeline(ml).Fit(train);
        string path = PersistenceKit.TempPath(".zip");
        ml.Model.Save(model, train.Schema, path);

        byte[] weights;
        using (ZipArchive zip = ZipFile.OpenRead(path))
        using (var buffer = new MemoryStream())
        {
            using (Stream s = zip.Entries.Single(e => e.Name == "weights.safetensors").Open())
            {
                s.CopyTo(buffer);
            }

            weights = buffer.ToArray();
        }

        ScanInput[] inputs = PersistenceKit.Phantoms(ml, 2, seed: 42).Inputs(ml);
        return (weights, PersistenceKit.Lines(ml, ml.Model.Load(path, out _), inputs));
    }
}
