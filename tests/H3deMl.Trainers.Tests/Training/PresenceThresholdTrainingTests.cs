using System.Globalization;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Prediction;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>The trainer saves a presence threshold chosen on the validation data (DECISIONS.md §6) when it holds at least
/// <see cref="PresenceThresholdSelection.MinimumPerClass"/> present and missing landmarks; otherwise, or when told not to
/// choose, the given threshold.</summary>
public sealed class PresenceThresholdTrainingTests
{
    private const double Given = 0.123;

    [Fact]
    public void Fit_WithValidationHavingEnoughMissingLandmarks_SavesTheChosenThreshold_OrTheGivenOneWhenChoosingIsOff()
    {
        var (chosen, log, missing) = Train(choose: true, validationCount: 3);
        var (given, _, _) = Train(choose: false, validationCount: 3);

        Assert.True(missing >= PresenceThresholdSelection.MinimumPerClass, $"the validation phantoms miss only {missing} landmarks");
        Assert.Equal(Given, given.Options.PresenceThreshold);
        Assert.Equal("0.123", given.Options.TrainingSummary["presenceThreshold"]);
        Assert.NotEqual(Given, chosen.Options.PresenceThreshold);
        Assert.InRange(chosen.Options.PresenceThreshold, 0, 1);
        Assert.Equal(chosen.Options.PresenceThreshold.ToString("R", CultureInfo.InvariantCulture), chosen.Options.TrainingSummary["presenceThreshold"]);
        Assert.Contains(log, m => m.Contains($"chosen on {3 * 13} validation landmarks, {missing} missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_WithFewerThanFiveMissingValidationLandmarks_KeepsTheGivenThreshold()
    {
        var (model, log, missing) = Train(choose: true, validationCount: 1);

        Assert.InRange(missing, 1, PresenceThresholdSelection.MinimumPerClass - 1);
        Assert.Equal(Given, model.Options.PresenceThreshold);
        Assert.Equal("0.123", model.Options.TrainingSummary["presenceThreshold"]);
        Assert.Contains(log, m => m.Contains($"kept: {missing} missing and {13 - missing} present validation landmarks are too few", StringComparison.Ordinal));
    }

    private static (H3deNetModel Model, List<string> Log, int MissingInValidation) Train(bool choose, int validationCount)
    {
        var ml = new MLContext(seed: 6);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        IDataView data = ml.Data.GeneratePhantoms(2, seed: 6, TrainingTestKit.Phantoms(34));
        IDataView validation = ml.Data.GeneratePhantoms(validationCount, seed: 7, TrainingTestKit.Phantoms(34, missingToothProbability: 0.5));
        var pipeline = TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = TrainingTestKit.MiniArchitecture,
            Epochs = 1,
            BatchSize = 2,
            HeatmapDecodeMinimumVoxels = 10,
            ValidationData = validation,
            PresenceThreshold = Given,
            ChoosePresenceThreshold = choose,
        });
        return (pipeline.Fit(data).LastTransformer, log, MissingLandmarks(ml, validation));
    }

    private static int MissingLandmarks(MLContext ml, IDataView data) =>
        ml.Data.CreateEnumerable<LandmarkRow>(data, reuseRowObject: false).Sum(r => r.Landmarks.Where((_, i) => i % 3 == 0).Count(float.IsNaN));

    private sealed class LandmarkRow
    {
        public float[] Landmarks { get; set; } = [];
    }
}
