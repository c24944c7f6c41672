using H3deMl.Tensors;

namespace H3deMl.Trainers.Losses;

/// <summary>
/// The heatmap loss (H3DE-NET.md §4.2 with DECISIONS.md §4). For each sample b and landmark j with n⁺ voxels inside the
/// ball (target ≥ 0): Smooth-L1(prediction, target) averaged over those voxels, plus Smooth-L1(prediction, −1) averaged
/// over the n⁺ highest predictions outside the ball (the intended hard negatives, not the reference's index bug). A
/// missing landmark (no voxel ≥ 0) contributes only the negative term over <see cref="MissingNegatives"/> voxels, so its
/// channel learns to stay low. The total is the sum over (b, j) divided by B·N.
/// </summary>
/// <remarks>
/// With a positive <see cref="LocalizationWeight"/> λ, each present landmark adds λ times the cross-entropy between the
/// softmax of its channel over all voxels and the target's positive part normalised to sum 1 (also divided by B·N).
/// The regression terms only see 2·n⁺ voxels per channel and most of the ball has targets near 0, so on their own they
/// take thousands of steps to raise a peak; the softmax term pulls the whole channel's mass towards the landmark at
/// every step. It is invariant to adding a constant to the channel, so the regression still sets the level that the
/// decoder's presence probability reads.
/// </remarks>
internal sealed class HeatmapLoss(HeatmapLossKind kind, int missingNegatives, double localizationWeight = 0)
{
    internal int MissingNegatives { get; } = missingNegatives;

    internal double LocalizationWeight { get; } = localizationWeight;

    // prediction: (B, N, A0, A1, A2), recorded; target: (B, N, A0, A1, A2), not recorded.
    internal Tensor Compute(Tensor prediction, Tensor target)
    {
        var regression = kind == HeatmapLossKind.MeanSquaredError ? Functional.MseLoss(prediction, target) : HardNegative(prediction, target);
        return LocalizationWeight > 0 ? regression + Localization(prediction, target) : regression;
    }

    private Tensor HardNegative(Tensor prediction, Tensor target)
    {
        int b = prediction.Size(0), n = prediction.Size(1);
        var voxels = prediction.Length / (b * n);
        var p = prediction.Contiguous();
        var predicted = p.AsReadOnlySpan().ToArray();     // detached copy for the selection
        var targets = target.Contiguous().AsReadOnlySpan().ToArray();
        var perSlice = new SliceSelection[b * n];
        var options = new ParallelOptions { MaxDegreeOfParallelism = ComputeSettings.Threads };
        Parallel.For(0, b * n, options, s => perSlice[s] = Select(predicted, targets, s * voxels, voxels, MissingNegatives));

        // Gather the selected voxels of every slice; each carries its target and its weight 1/count(term)/(B·N).
        var total = 0;
        foreach (var s in perSlice) total += s.Positives.Count + s.Negatives.Count;
        var index = new int[total];
        var selectedTargets = new float[total];
        var weights = new float[total];
        var o = 0;
        var norm = 1f / (b * n);
        foreach (var s in perSlice)
        {
            foreach (var i in s.Positives)
            {
                index[o] = i;
                selectedTargets[o] = targets[i];
                weights[o++] = norm / s.Positives.Count;
            }
            foreach (var i in s.Negatives)
            {
                index[o] = i;
                selectedTargets[o] = -1f;
                weights[o++] = norm / s.Negatives.Count;
            }
        }
        if (total == 0) return (prediction.Sum() * 0f);
        var picked = Functional.Gather(p.Reshape(1, p.Length), 1, new IndexTensor(index, 1, total));
        var elementLoss = Functional.SmoothL1Loss(picked, Tensor.FromArray(selectedTargets, 1, total), 1f, Reduction.None);
        return (elementLoss * Tensor.FromArray(weights, 1, total)).Sum();
    }

    /// <summary>λ/(B·N) · Σ over present (b, j) of −Σ_v q_v · log softmax(prediction)_v, with q the positive target part normalised.</summary>
    private Tensor Localization(Tensor prediction, Tensor target)
    {
        int b = prediction.Size(0), n = prediction.Size(1);
        var voxels = prediction.Length / (b * n);
        var targets = target.Contiguous().AsReadOnlySpan();
        var index = new List<int>();
        var weights = new List<float>();
        var scale = LocalizationWeight / (b * n);
        for (var s = 0; s < b * n; s++)
        {
            var slice = targets.Slice(s * voxels, voxels);
            double sum = 0;
            foreach (var t in slice) if (t > 0f) sum += t;
            if (sum <= 0) continue;     // a missing landmark: nothing to localise
            for (var v = 0; v < voxels; v++)
            {
                if (slice[v] <= 0f) continue;
                index.Add(s * voxels + v);
                weights.Add((float)(-scale * slice[v] / sum));
            }
        }
        if (index.Count == 0) return prediction.Sum() * 0f;
        var logProbabilities = Functional.LogSoftmax(prediction.Contiguous().Reshape(b * n, voxels), 1).Reshape(1, prediction.Length);
        var picked = Functional.Gather(logProbabilities, 1, new IndexTensor([.. index], 1, index.Count));
        return (picked * Tensor.FromArray([.. weights], 1, index.Count)).Sum();
    }

    private sealed record SliceSelection(List<int> Positives, List<int> Negatives);

    /// <summary>The ball voxels of one (sample, landmark) slice and as many highest-predicted voxels outside it.</summary>
    private static SliceSelection Select(float[] predicted, float[] targets, int baseIndex, int voxels, int missingNegatives)
    {
        var t = targets.AsSpan(baseIndex, voxels);
        var positives = new List<int>();
        for (var i = 0; i < voxels; i++)
            if (t[i] >= 0f) positives.Add(baseIndex + i);
        var negatives = new List<int>();
        var k = positives.Count > 0 ? positives.Count : missingNegatives;
        TopSelection.AppendLargest(predicted.AsSpan(baseIndex, voxels), i => targets[baseIndex + i] < 0f, k, baseIndex, negatives);
        return new SliceSelection(positives, negatives);
    }
}
