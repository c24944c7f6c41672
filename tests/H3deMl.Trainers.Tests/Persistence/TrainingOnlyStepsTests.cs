using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Trainers.Tests.Persistence;

/// <summary>Scoring never runs training-only steps (random crop, flip, intensity, heatmap targets appended with
/// <see cref="TransformerScope.Training"/>): prediction engines of the fitted and of the reloaded model, and
/// <c>Transform</c>, predict on the whole scan, exactly as the same transformers without those steps do.</summary>
public sealed class TrainingOnlyStepsTests
{
    [Fact]
    public void PredictionEngines_OfFittedAndReloadedModel_MatchTheChainWithoutTrainingSteps()
    {
        var ml = new MLContext(seed: 1);
        ScanInput[] inputs = PersistenceKit.Phantoms(ml, 2, seed: 31).Inputs(ml);
        ITransformer reloaded = ml.Model.Load(PersistenceKit.ZipPath, out _);

        string[] expected = PersistenceKit.Lines(ml, ScoringSteps(PersistenceKit.Model), inputs);

        Assert.Equal(expected, PersistenceKit.Lines(ml, PersistenceKit.Model, inputs));
        Assert.Equal(expected, PersistenceKit.Lines(ml, reloaded, inputs));
        Assert.Equal(expected, PersistenceKit.Lines(ml, ScoringSteps(reloaded), inputs));
    }

    [Fact]
    public void Transform_OfFittedAndReloadedModel_PredictsOnTheWholeScan()
    {
        var ml = new MLContext(seed: 1);
        IDataView test = PersistenceKit.Phantoms(ml, 2, seed: 32).Data;
        ITransformer reloaded = ml.Model.Load(PersistenceKit.ZipPath, out _);

        // Applied one by one, the training-only transformers do act (24³ crops, targets): the chain leaves them out.
        ITransformer[] steps = [.. (IEnumerable<ITransformer>)PersistenceKit.Model];
        IDataView stepByStep = steps[..6].Aggregate(test, (data, step) => step.Transform(data));
        Assert.NotNull(stepByStep.Schema.GetColumnOrNull(ScanColumnNames.HeatmapTargets));
        Assert.All(ml.Data.CreateEnumerable<VolumeRow>(stepByStep, reuseRowObject: false), r => Assert.Equal(new VolumeSize(24, 24, 24), r.Volume!.Size));

        Scored[] expected = Score(ml, ScoringSteps(PersistenceKit.Model), test);
        Assert.All(expected, s => Assert.Equal(new VolumeSize(PersistenceKit.Size, PersistenceKit.Size, PersistenceKit.Size), s.Volume!.Size));

        foreach (ITransformer model in new[] { PersistenceKit.Model, reloaded })
        {
            IDataView scored = model.Transform(test);
            Assert.Null(scored.Schema.GetColumnOrNull(ScanColumnNames.HeatmapTargets));
            Scored[] actual = Score(ml, model, test);
            for (int n = 0; n < expected.Length; n++)
            {
                Assert.Equal(expected[n].Volume!.Size, actual[n].Volume!.Size);
                Assert.Equal(expected[n].Volume!.Voxels, actual[n].Volume!.Voxels);
                Assert.Equal(expected[n].PredictedLandmarks, actual[n].PredictedLandmarks);
                Assert.Equal(expected[n].PresenceProbabilities, actual[n].PresenceProbabilities);
            }
        }
    }

    /// <summary>The transformers of <paramref name="model"/> that are not training-only, as a new chain.</summary>
    private static ITransformer ScoringSteps(ITransformer model)
    {
        var chain = Assert.IsAssignableFrom<IEnumerable<ITransformer>>(model).ToArray();
        Assert.Equal(7, chain.Length);
        ITransformer[] scoring = [chain[0], chain[1], chain[6]];
        return new TransformerChain<ITransformer>(scoring, [.. scoring.Select(_ => TransformerScope.Everything)]);
    }

    private static Scored[] Score(MLContext ml, ITransformer model, IDataView data) =>
        [.. ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false)];

    private sealed class VolumeRow
    {
        [VolumeType]
        public Volume? Volume { get; set; }
    }

    private sealed class Scored
    {
        [VolumeType]
        public Volume? Volume { get; set; }

        public float[] PredictedLandmarks { get; set; } = [];

        public float[] PresenceProbabilities { get; set; } = [];
    }
}
