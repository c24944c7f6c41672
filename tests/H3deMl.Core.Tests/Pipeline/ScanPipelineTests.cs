using H3deMl.Core.Data;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;

namespace H3deMl.Core.Tests.Pipeline;

public sealed class ScanPipelineTests
{
    [Fact]
    public void Fit_TrainingOnlyStep_ShapesTrainingDataButNotEvaluationOrScoring()
    {
        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.LoadFromEnumerable([("a", ScanVolumes.Ramp(), (LandmarkSet?)null)]);
        var times2 = new FixedEstimator<ScaleStep>(new ScaleStep(2));
        var times3 = new FixedEstimator<ScaleStep>(new ScaleStep(3));
        var last = new FixedEstimator<ScaleStep>(new ScaleStep(5));
        ScanEstimatorChain<ScaleStep> pipeline = times2.Append(times3, StepScope.Training).Append(last);

        ScanTransformerChain<ScaleStep> model = pipeline.Fit(data);

        // The last estimator saw the data after ×2 (everything) and ×3 (training).
        Assert.Equal(6f, last.LastInput!.GetRow(0).Volume!.Voxels[1]);
        Assert.Same(model.Steps[2].Transformer, model.LastTransformer);
        // Evaluation skips the training-only step: ×2 ×5.
        Assert.Equal(10f, model.Transform(data).Single().Volume!.Voxels[1]);
        Assert.Equal(30f, model.Transform(data, StepScope.Training).Single().Volume!.Voxels[1]);
    }

    [Fact]
    public void ReplayStepsOn_ReproducesTheEvaluationSteps()
    {
        var ml = new H3deContext(1);
        ScanDataView train = ml.Data.LoadFromEnumerable([("a", ScanVolumes.Ramp(), (LandmarkSet?)null)]);
        ScanDataView validation = ml.Data.LoadFromEnumerable([("v", ScanVolumes.Ramp(), (LandmarkSet?)null)]);
        var cropLike = new FixedEstimator<ScaleStep>(new ScaleStep(3));
        var centreLike = new FixedEstimator<ScaleStep>(new ScaleStep(7));
        var trainer = new FixedEstimator<ScaleStep>(new ScaleStep(1));
        cropLike.WithScope(StepScope.Training).Append(centreLike, StepScope.Evaluation).Append(trainer).Fit(train);

        ScanDataView prepared = trainer.LastInput!.ReplayStepsOn(validation, StepScope.Evaluation);

        Assert.Equal(3f, trainer.LastInput.GetRow(0).Volume!.Voxels[1]);
        Assert.Equal(7f, prepared.GetRow(0).Volume!.Voxels[1]);
    }

    [Fact]
    public void Append_ScopeWithoutPhase_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FixedEstimator<ScaleStep>(new ScaleStep(1)).Append(new FixedEstimator<ScaleStep>(new ScaleStep(1)), 0));
        Assert.Equal("scope", e.ParamName);
    }

    [Fact]
    public void PredictionEngine_RunsScoringSteps_AndReturnsWorldPrediction()
    {
        var ml = new H3deContext(1);
        var model = new ScanTransformerChain<PredictStep>([new ScanChainStep(new ScaleStep(2), StepScope.Training), new ScanChainStep(new PredictStep(), StepScope.Everything)], ["A"]);
        ScanPredictionEngine engine = ml.Model.CreatePredictionEngine(model);
        var volume = ScanVolumes.Ramp();

        LandmarkPrediction prediction = engine.Predict(volume);

        Assert.Equal(volume.Geometry.IndexToWorld(new Core.Geometry.Vector3d(1, 2, 3)), prediction.Landmarks[0].PositionLps);
        Assert.Equal(["A"], engine.LandmarkNames);
    }

    [Fact]
    public void PredictionEngine_WithoutPredictingStep_SaysWhatIsMissing()
    {
        var ml = new H3deContext(1);
        ScanPredictionEngine engine = ml.Model.CreatePredictionEngine(new ScaleStep(2));
        var e = Assert.Throws<InvalidOperationException>(() => engine.Predict(ScanVolumes.Ramp()));
        Assert.Contains("trainer", e.Message);
    }

    [Fact]
    public void Step_FailingOnACase_IsWrappedWithStepAndCase()
    {
        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.LoadFromRows([new ScanRow { Id = "case7", Source = new ScanSource { Kind = ScanSourceKind.ImageAndLandmarks, ImagePath = "x.nii.gz" } }]);
        var e = Assert.Throws<PipelineStepException>(() => new ScaleStep(2).Transform(data).ToList());
        Assert.Equal("case7", e.CaseId);
        Assert.Equal(ScaleStep.TypeName, e.StepName);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains("LoadVolume", e.Message);
    }

    [Fact]
    public void CreateRandomStream_SameNameTwice_GivesDistinctIdentities_ReproducibleAcrossContexts()
    {
        var a = new H3deContext(5);
        var b = new H3deContext(5);
        var (s1, id1) = a.CreateRandomStream("RandomCrop");
        var (s2, id2) = a.CreateRandomStream("RandomCrop");
        var (t1, _) = b.CreateRandomStream("RandomCrop");
        Assert.Equal("RandomCrop", id1);
        Assert.Equal("RandomCrop#1", id2);
        Assert.Equal(s1.NextUInt64(), t1.NextUInt64());
        Assert.NotEqual(s1.NextUInt64(), s2.NextUInt64());
        Assert.Equal(a.GetRandomStream(id2).NextUInt64(), new H3deContext(5).GetRandomStream("RandomCrop#1").NextUInt64());
    }

    [Fact]
    public void Log_RaisesMessages()
    {
        var ml = new H3deContext(1);
        var messages = new List<H3deLogEventArgs>();
        ml.Log += (_, e) => messages.Add(e);
        ml.WriteLog(H3deLogLevel.Warning, "Test", "hello");
        Assert.Equal("[Warning] Test: hello", Assert.Single(messages).ToString());
    }
}
