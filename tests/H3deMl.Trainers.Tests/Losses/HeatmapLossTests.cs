using H3deMl.Tensors;
using H3deMl.Trainers.Losses;

namespace H3deMl.Trainers.Tests.Losses;

/// <summary>The heatmap loss against hand-computed values: the hard-negative Smooth-L1 and the localisation term.</summary>
public sealed class HeatmapLossTests
{
    // B = 1, N = 2, four voxels each. Channel 0: targets 2 and 1 inside the ball, −1 outside. Channel 1: a missing landmark.
    private static readonly float[] Predictions = [0.5f, -0.2f, 0.1f, -1f, 0.3f, 0.2f, -0.5f, 0f];
    private static readonly float[] Targets = [2f, 1f, -1f, -1f, -1f, -1f, -1f, -1f];

    [Fact]
    public void HardNegative_AveragesBallAndHardestNegativesPerChannel_MissingChannelRegressesItsVoxelsToMinusOne()
    {
        var loss = new HeatmapLoss(HeatmapLossKind.HardNegativeSmoothL1, missingNegatives: 4096).Compute(Prediction(), Target()).Item();

        // Channel 0: ball SL1 (|0.5 − 2| → 1.0, |−0.2 − 1| → 0.7) mean 0.85; the 2 hardest negatives (0.1 → 0.6, −1 → 0) mean 0.3.
        // Channel 1: every voxel towards −1 (1.3 → 0.8, 1.2 → 0.7, 0.5 → 0.125, 1 → 0.5), mean 0.53125. Total / (B·N).
        Assert.Equal((0.85 + 0.3 + 0.53125) / 2, loss, 1e-6);
    }

    [Fact]
    public void Localization_AddsWeightedSoftmaxCrossEntropyOfPresentChannels_WithGradientSoftmaxMinusTarget()
    {
        var without = new HeatmapLoss(HeatmapLossKind.HardNegativeSmoothL1, 4096, localizationWeight: 0).Compute(Prediction(), Target()).Item();
        var prediction = Prediction();
        prediction.RequiresGrad = true;
        var with = new HeatmapLoss(HeatmapLossKind.HardNegativeSmoothL1, 4096, localizationWeight: 4).Compute(prediction, Target());
        with.Backward();

        // q = (2/3, 1/3, 0, 0) on channel 0; channel 1 has no landmark and no localisation term.
        double[] e = [Math.Exp(0.5), Math.Exp(-0.2), Math.Exp(0.1), Math.Exp(-1)];
        var sum = e.Sum();
        var crossEntropy = -((2.0 / 3 * Math.Log(e[0] / sum)) + (1.0 / 3 * Math.Log(e[1] / sum)));
        Assert.Equal(4 * crossEntropy / 2, with.Item() - without, 1e-5);

        // The localisation part of the gradient is λ/(B·N)·(softmax − q); subtract the regression's gradient to see it.
        var regression = Prediction();
        regression.RequiresGrad = true;
        new HeatmapLoss(HeatmapLossKind.HardNegativeSmoothL1, 4096, 0).Compute(regression, Target()).Backward();
        double[] q = [2.0 / 3, 1.0 / 3, 0, 0];
        for (var v = 0; v < 4; v++)
            Assert.Equal(2 * ((e[v] / sum) - q[v]), prediction.Grad!.AsReadOnlySpan()[v] - regression.Grad!.AsReadOnlySpan()[v], 1e-5);
        for (var v = 4; v < 8; v++)
            Assert.Equal(regression.Grad!.AsReadOnlySpan()[v], prediction.Grad!.AsReadOnlySpan()[v]);
    }

    private static Tensor Prediction() => Tensor.FromArray(Predictions, 1, 2, 4, 1, 1);

    private static Tensor Target() => Tensor.FromArray(Targets, 1, 2, 4, 1, 1);
}
