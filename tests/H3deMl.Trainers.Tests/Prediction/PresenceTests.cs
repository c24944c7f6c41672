using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Prediction;

/// <summary>DECISIONS.md §6: each landmark has a presence probability; PresenceDecisions is p ≥ the model's threshold,
/// which is chosen on validation data (with at least five present and five missing landmarks) and saved in the model zip.</summary>
public sealed class PresenceTests
{
    [Fact]
    public void Choose_SeparableClasses_ThresholdBetweenTheHighestMissingAndTheLowestPresent()
    {
        double t = PresenceThresholdSelection.Choose(
            [(0.9, true), (0.8, true), (0.7, true), (0.65, true), (0.6, true), (0.4, false), (0.3, false), (0.2, false), (0.1, false), (0.05, false)],
            fallback: 0.5);
        Assert.Equal(0.5, t, 12);   // midpoint of 0.4 and 0.6
        t = PresenceThresholdSelection.Choose(
            [(0.95, true), (0.9, true), (0.85, true), (0.8, true), (0.75, true), (0.1, false), (0.3, false), (0.2, false), (0.15, false), (0.25, false)],
            fallback: 0.5);
        Assert.Equal(0.525, t, 12);  // midpoint of 0.3 and 0.75
    }

    [Fact]
    public void Choose_Overlapping_MaximisesBalancedAccuracyNotRawAccuracy()
    {
        // Eight present, five missing. t = 0.525 keeps 5/8 present and 5/5 missing (balanced 0.8125, raw 10/13); t = 0.235
        // keeps every present but 3/5 missing (balanced 0.8), though its raw accuracy (11/13) is higher.
        (double, bool)[] samples =
        [
            (0.9, true), (0.85, true), (0.8, true), (0.75, true), (0.7, true), (0.3, true), (0.28, true), (0.27, true),
            (0.35, false), (0.33, false), (0.2, false), (0.15, false), (0.1, false),
        ];
        Assert.Equal(0.525, PresenceThresholdSelection.Choose(samples, fallback: 0.5), 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Choose_OneClassOnly_KeepsTheFallback(bool present)
    {
        Assert.Equal(0.42, PresenceThresholdSelection.Choose([(0.9, present), (0.1, present), (0.5, present)], fallback: 0.42));
        Assert.Equal(0.42, PresenceThresholdSelection.Choose([], fallback: 0.42));
    }

    [Theory]
    [InlineData(4, 10)]
    [InlineData(10, 4)]
    [InlineData(1, 30)]
    public void Choose_FewerThanFiveOfAClass_KeepsTheFallback(int missing, int present)
    {
        Assert.Equal(5, PresenceThresholdSelection.MinimumPerClass);
        // Perfectly separable, so any chooser would move the threshold away from the fallback.
        (double, bool)[] samples =
        [
            .. Enumerable.Range(0, present).Select(i => (0.8 + (0.01 * i % 0.2), true)),
            .. Enumerable.Range(0, missing).Select(i => (0.1 + (0.01 * i % 0.2), false)),
        ];
        Assert.Equal(0.97, PresenceThresholdSelection.Choose(samples, fallback: 0.97));
        // One more of the rare class and the threshold is chosen.
        (double, bool)[] enough = [.. samples, .. Enumerable.Repeat(missing < present ? (0.15, false) : (0.85, true), 5 - Math.Min(missing, present))];
        Assert.NotEqual(0.97, PresenceThresholdSelection.Choose(enough, fallback: 0.97));
    }

    [Fact]
    public void Predict_DecisionIsProbabilityAtOrAboveTheSavedThreshold_AfterAZipRoundTrip()
    {
        var ml = new MLContext(seed: 1);
        var architecture = H3deNetArchitecture.Small with { Head = H3deHead.Anchors, LandmarkCount = 5 };
        var network = new H3deNet(architecture, new RandomStream(8));
        var scan = new Volume([.. Enumerable.Range(0, 32 * 32 * 32).Select(i => (float)(i * 7919 % 1000 / 1000.0))],
            new VolumeGeometry(new VolumeSize(32, 32, 32), new Vector3d(0.5, 0.5, 0.5), Vector3d.Zero, Matrix3d.Identity), VolumeElementType.Float32);
        var options = new H3deNetModelOptions { Architecture = architecture, LandmarkNames = ["a", "b", "c", "d", "e"], WindowSize = [32, 32, 32] };
        var input = new ScanInput { Id = "s", Volume = scan };
        float[] probabilities = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(new H3deNetModel(ml, network, options)).Predict(input).PresenceProbabilities;
        Assert.Equal(5, probabilities.Distinct().Count());
        // A threshold at the median probability splits the landmarks into present and missing.
        float threshold = probabilities.Order().ElementAt(2);
        var model = new H3deNetModel(ml, network, options with { PresenceThreshold = threshold });

        using var zip = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromEnumerable([input]).Schema, zip);
        zip.Position = 0;
        ITransformer loaded = ml.Model.Load(zip, out _);
        LandmarkPrediction prediction = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(loaded).Predict(input);

        Assert.Equal(threshold, loaded.GetH3deNetModel().PresenceThreshold);
        Assert.Equal(probabilities, prediction.PresenceProbabilities);
        for (int l = 0; l < 5; l++)
        {
            Assert.Equal(prediction.PresenceProbabilities[l] >= threshold, prediction.PresenceDecisions[l]);
        }

        Assert.Equal(3, prediction.PresenceDecisions.Count(d => d));
        IReadOnlyList<PredictedLandmark> points = prediction.ToPoints(loaded.GetLandmarkNames());
        Assert.Equal(["a", "b", "c", "d", "e"], points.Select(p => p.Name));
        Assert.Equal(prediction.PresenceDecisions, points.Select(p => p.IsPresent));
    }
}
