using H3deMl.Tensors;

namespace H3deMl.Trainers.Losses;

/// <summary>
/// The heatmap loss (H3DE-NET.md §4.2 with DECISIONS.md §4). For each sample b and landmark j with n⁺ voxels inside the
/// ball (target ≥ 0): Smooth-L1(prediction, target) averaged over those voxels, plus Smooth-L1(prediction, −1) averaged
/// over the n⁺ highest predictions outside the ball (the intended hard negatives, not the reference's index bug). A
/// missing landmark (no voxel ≥ 0) contributes only the negative term over <see cref="MissingNegatives"/> voxels, so its
/// channel learns to stay low. The total is the sum over (b, j) divided by B·N.
/// </summary>
internal sealed class HeatmapLoss(HeatmapLossKind kind, int missingNegatives)
{
    internal int MissingNegatives { get; } = missingNegatives;

    // prediction: (B, N, A0, A1, A2), recorded; target: (B, N, A0, A1, A2), not recorded.
    internal Tensor Compute(Tensor prediction, Tensor target)
    {
        if (kind == HeatmapLossKind.MeanSquaredError) return Functional.MseLoss(prediction, target);
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
