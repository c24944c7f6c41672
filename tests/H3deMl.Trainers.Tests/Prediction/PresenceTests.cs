using H3deMl.Core.Geometry;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;

namespace H3deMl.Trainers.Tests.Prediction;

/// <summary>DECISIONS.md §6: each landmark has a presence probability; IsPresent is p ≥ the model's threshold, which is
/// chosen on validation data and saved in the model zip.</summary>
public sealed class PresenceTests
{
    [Fact]
    public void Choose_SeparableClasses_ThresholdBetweenTheHighestMissingAndTheLowestPresent()
    {
        var t = PresenceThresholdSelection.Choose([(0.9, true), (0.7, true), (0.2, false), (0.6, true), (0.4, false)], fallback: 0.5);
        Assert.Equal(0.5, t, 12);   // midpoint of 0.4 and 0.6
        t = PresenceThresholdSelection.Choose([(0.95, true), (0.9, true), (0.1, false), (0.3, false)], fallback: 0.5);
        Assert.Equal(0.6, t, 12);
    }

    [Fact]
    public void Choose_Overlapping_MaximisesBalancedAccuracyNotRawAccuracy()
    {
        // Five present, two missing. t = 0.475 keeps 4/5 present and 2/2 missing (balanced 0.9); a threshold below 0.3
        // keeps every present but only one missing (0.75), though its raw accuracy (6/7) is the same.
        (double, bool)[] samples = [(0.9, true), (0.8, true), (0.7, true), (0.6, true), (0.3, true), (0.35, false), (0.2, false)];
        Assert.Equal(0.475, PresenceThresholdSelection.Choose(samples, fallback: 0.5), 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Choose_OneClassOnly_KeepsTheFallback(bool present)
    {
        Assert.Equal(0.42, PresenceThresholdSelection.Choose([(0.9, present), (0.1, present), (0.5, present)], fallback: 0.42));
        Assert.Equal(0.42, PresenceThresholdSelection.Choose([], fallback: 0.42));
    }

    [Fact]
    public void Predict_IsPresentIsProbabilityAtOrAboveTheSavedThreshold_AfterAZipRoundTrip()
    {
        var ml = new H3deContext(seed: 1);
        var architecture = H3deNetArchitecture.Small with { Head = H3deHead.Anchors, LandmarkCount = 5 };
        var network = new H3deNet(architecture, new RandomStream(8));
        var scan = new Volume([.. Enumerable.Range(0, 32 * 32 * 32).Select(i => (float)((i * 7919 % 1000) / 1000.0))],
            new VolumeGeometry(new VolumeSize(32, 32, 32), new Vector3d(0.5, 0.5, 0.5), Vector3d.Zero, Matrix3d.Identity), VolumeElementType.Float32);
        var options = new H3deNetModelOptions { Architecture = architecture, LandmarkNames = ["a", "b", "c", "d", "e"], WindowSize = [32, 32, 32] };
        var probabilities = ml.Model.CreatePredictionEngine(new H3deNetModel(network, options)).Predict(scan).PresenceProbabilities;
        Assert.Equal(5, probabilities.Distinct().Count());
        // A threshold at the median probability splits the landmarks into present and missing.
        var threshold = probabilities.Order().ElementAt(2);
        var model = new H3deNetModel(network, options with { PresenceThreshold = threshold });

        using var zip = new MemoryStream();
        ml.Model.Save(model, zip);
        zip.Position = 0;
        var loaded = ml.Model.Load(zip);
        var prediction = ml.Model.CreatePredictionEngine(loaded).Predict(scan);

        Assert.Equal(threshold, Assert.IsType<H3deNetModel>(loaded.LastTransformer).Options.PresenceThreshold);
        Assert.Equal(probabilities, prediction.PresenceProbabilities);
        var landmarks = prediction.Landmarks.Landmarks;
        for (var l = 0; l < landmarks.Count; l++)
            Assert.Equal(prediction.PresenceProbabilities[l] >= threshold, landmarks[l].IsPresent);
        Assert.Equal(3, landmarks.Count(l => l.IsPresent));
    }
}
