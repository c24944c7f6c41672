using H3deMl.Core.Phantoms;
using H3deMl.Core.Pipeline;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Training;
using H3deMl.Transforms;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>The trainer saves a presence threshold chosen on the validation data (DECISIONS.md §6), or the given one when told not to choose.</summary>
public sealed class PresenceThresholdTrainingTests
{
    [Fact]
    public void Fit_WithValidationHavingMissingLandmarks_SavesTheChosenThreshold_OrTheGivenOneWhenChoosingIsOff()
    {
        var (chosen, log) = Train(choose: true);
        var (given, _) = Train(choose: false);

        Assert.Equal(0.123, given.Options.PresenceThreshold);
        Assert.Equal("0.123", given.Options.TrainingSummary["presenceThreshold"]);
        Assert.NotEqual(0.123, chosen.Options.PresenceThreshold);
        Assert.InRange(chosen.Options.PresenceThreshold, 0, 1);
        Assert.Equal(chosen.Options.PresenceThreshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture), chosen.Options.TrainingSummary["presenceThreshold"]);
        Assert.Contains(log, m => m.StartsWith("Presence threshold", StringComparison.Ordinal) && !m.Contains(" 0 missing", StringComparison.Ordinal));
    }

    private static (H3deNetModel Model, List<string> Log) Train(bool choose)
    {
        var ml = new H3deContext(seed: 6);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        var phantoms = new PhantomOptions { SizeI = 36, SizeJ = 36, SizeK = 34, SpacingJitter = 0, CutFieldOfViewProbability = 0 };
        var data = ml.Data.GeneratePhantoms(2, phantoms with { MissingToothProbability = 0 });
        var validation = ml.Data.GeneratePhantoms(2, phantoms with { MissingToothProbability = 0.5 });
        var pipeline = TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = TrainingTestKit.MiniArchitecture,
            Epochs = 1,
            BatchSize = 2,
            HeatmapDecodeMinimumVoxels = 10,
            ValidationData = validation,
            PresenceThreshold = 0.123,
            ChoosePresenceThreshold = choose,
        });
        return (pipeline.Fit(data).LastTransformer, log);
    }
}
