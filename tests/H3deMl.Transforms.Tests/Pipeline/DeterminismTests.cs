using H3deMl.Core.Volumes;
using H3deMl.TestKit.MLNet;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Targets;
using H3deMl.Transforms.Tests.Helpers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Transforms.Tests.Pipeline;

/// <summary>DECISIONS.md §11: the MLContext seed drives crops and augmentation; same seed → same samples; every pass
/// differs; the row order does not matter; a saved model keeps its seeds.</summary>
public sealed class DeterminismTests
{
    private static (IDataView Prepared, ITransformer Model) Prepare(int seed)
    {
        var ml = new MLContext(seed);
        IDataView data = Phantoms.Generate(ml, 4);
        var model = ml.Transforms.LoadVolume()
            .Append(ml.Transforms.RandomFlip(), TransformerScope.Training)
            .Append(ml.Transforms.RandomRotation(5), TransformerScope.Training)
            .Append(ml.Transforms.RandomCrop(24, 24, 16), TransformerScope.Training)
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.RandomIntensity(), TransformerScope.Training)
            .Append(ml.Transforms.GaussianNoise(0.01), TransformerScope.Training)
            .Append(ml.Transforms.EncodeAnchorTargets(), TransformerScope.Training)
            .Fit(data);
        return (TrainingData.Apply(model, data), model);
    }

    private static Dictionary<string, OutputRow> ById(IDataView view, Random? rand) => OutputRow.ReadAll(view, rand).ToDictionary(r => r.Id);

    [Fact]
    public void SameSeed_SameSamples_EveryPassDifferent_OtherSeedDifferent()
    {
        List<OutputRow> a = OutputRow.ReadAll(Prepare(5).Prepared, new Random(1));
        List<OutputRow> b = OutputRow.ReadAll(Prepare(5).Prepared, new Random(1));
        Dictionary<string, OutputRow> nextPass = ById(Prepare(5).Prepared, new Random(2));
        Dictionary<string, OutputRow> otherSeed = ById(Prepare(6).Prepared, new Random(1));
        Assert.Equal(4, a.Count);
        for (int n = 0; n < a.Count; n++)
        {
            Assert.Equal(a[n].Id, b[n].Id);
            Assert.True(SameValues.Equal(a[n].Volume, b[n].Volume), "the same seed gave different samples");
            Assert.True(Phantoms.SameTargets(a[n].Get<AnchorTargets>(ScanColumnNames.AnchorTargets), b[n].Get<AnchorTargets>(ScanColumnNames.AnchorTargets)));
            Assert.False(SameValues.Equal(a[n].Volume, nextPass[a[n].Id].Volume), "two passes gave the same crop");
            Assert.False(SameValues.Equal(a[n].Volume, otherSeed[a[n].Id].Volume), "two seeds gave the same crop");
            Assert.True(a[n].Get<AnchorTargets>(ScanColumnNames.AnchorTargets).PositiveCount > 0);
        }
    }

    [Fact]
    public void RowOrder_DoesNotChangeWhatEachRowGets()
    {
        IDataView prepared = Prepare(5).Prepared;
        List<OutputRow> first = OutputRow.ReadAll(prepared, new FixedPassRandom(77, orderSeed: 1));
        List<OutputRow> second = OutputRow.ReadAll(prepared, new FixedPassRandom(77, orderSeed: 2));
        Assert.NotEqual(first.Select(r => r.Id), second.Select(r => r.Id));
        Dictionary<string, OutputRow> byId = second.ToDictionary(r => r.Id);
        Assert.All(first, r => Assert.True(SameValues.Equal(r.Volume, byId[r.Id].Volume), $"{r.Id} got another sample in another order"));
    }

    [Fact]
    public void SavedModel_KeepsItsSeeds_AndGivesTheSameSamples()
    {
        var ml = new MLContext(9);
        IDataView data = Phantoms.Generate(ml, 2);
        var model = ml.Transforms.RandomCrop(24, 24, 16)
            .Append(ml.Transforms.RandomFlip())
            .Append(ml.Transforms.RandomRotation())
            .Append(ml.Transforms.RandomIntensity())
            .Append(ml.Transforms.GaussianNoise())
            .Fit(data);
        var loaded = (TransformerChain<ITransformer>)EstimatorWorkout.RoundTrip(ml, model, data.Schema);
        var reloaded = (TransformerChain<ITransformer>)EstimatorWorkout.RoundTrip(ml, loaded, data.Schema);
        Assert.Equal(Seeds(model), Seeds(loaded));
        Assert.Equal(Seeds(model), Seeds(reloaded));
        Assert.Equal(5, Seeds(model).Distinct().Count());
        List<OutputRow> expected = OutputRow.ReadAll(TrainingData.Apply(model, data), new Random(4));
        List<OutputRow> actual = OutputRow.ReadAll(TrainingData.Apply(reloaded, data), new Random(4));
        Assert.All(expected.Zip(actual), p => Assert.True(SameValues.Equal(p.First.Volume, p.Second.Volume)));
    }

    [Fact]
    public void ScoringModel_SkipsTrainingSteps_AndRunsCenterCrop()
    {
        var ml = new MLContext(1);
        IDataView data = Phantoms.Generate(ml, 1);
        TransformerChain<CenterCropTransformer> model = new EstimatorChain<ITransformer>()
            .Append(ml.Transforms.RandomCrop(24, 24, 16), TransformerScope.Training)
            .Append(ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 1 }), TransformerScope.Training)
            .Append(ml.Transforms.CenterCrop(32, 32, 16), TransformerScope.Testing | TransformerScope.Scoring)
            .Fit(data);
        Assert.Equal(24, OutputRow.ReadAll(TrainingData.Apply(model.GetModelFor(TransformerScope.Training), data)).Single().Volume.Size.I);
        Assert.Equal(32, OutputRow.ReadAll(model.GetModelFor(TransformerScope.Scoring).Transform(data)).Single().Volume.Size.I);

        // TransformerChain.Transform runs the scoring-scope steps only: the centre crop of the whole scan.
        Volume scored = OutputRow.ReadAll(model.Transform(data)).Single().Volume;
        Assert.True(H3deMl.TestKit.MLNet.SameValues.Equal(scored, OutputRow.ReadAll(ml.Transforms.CenterCrop(32, 32, 16).Fit(data).Transform(data)).Single().Volume));

        // A prediction engine runs the row-to-row mappers: the training-only steps are the identity, CenterCrop acts.
        Volume volume = ml.Data.CreateEnumerable<VolumeRow>(data, reuseRowObject: false).Single().Volume!;
        using PredictionEngine<VolumeRow, VolumeRow> engine = ml.Model.CreatePredictionEngine<VolumeRow, VolumeRow>(model);
        Volume predicted = engine.Predict(new VolumeRow { Volume = volume }).Volume!;
        Assert.Equal(new Core.Geometry.VolumeSize(32, 32, 16), predicted.Size);
    }

    private static ulong[] Seeds(IEnumerable<ITransformer> chain) =>
        [.. chain.Select(t => t switch
        {
            RandomCropTransformer c => c.Seed,
            RandomFlipTransformer f => f.Seed,
            RandomRotationTransformer r => r.Seed,
            RandomIntensityTransformer i => i.Seed,
            GaussianNoiseTransformer g => g.Seed,
            _ => throw new InvalidOperationException(t.GetType().Name),
        })];

    private sealed class VolumeRow
    {
        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
