using H3deMl.Tensors;
using H3deMl.Transforms.Targets;

namespace H3deMl.Trainers.Losses;

/// <summary>
/// The anchor-head loss (H3DE-NET.md §4.3 with DECISIONS.md §5) on the output (B, G0, G1, G2, A, 3 + N):
/// BCE(logit, 1) over positive rows; weighted BCE(·, 0) of the other landmarks' logits at the same (cell, anchor);
/// for each sample and each landmark missing in that sample only, BCE(·, 0) of that landmark's A·256 highest logits in
/// that sample; a small BCE(·, 0) over every class logit (not the offset channels); and Smooth-L1(tanh(offsets), t)
/// over positive rows. A batch without positives is valid (the positive terms are then 0).
/// </summary>
internal sealed class AnchorLoss(AnchorLossWeights weights)
{
    internal AnchorLossWeights Weights { get; } = weights;

    /// <summary>The terms of one evaluation, for progress reports.</summary>
    internal readonly record struct Terms(Tensor Total, float Positive, float OtherClasses, float HardNegatives, float Background, float Offsets);

    internal Terms Compute(Tensor output, IReadOnlyList<AnchorTargets> targets)
    {
        int b = output.Size(0), g0 = output.Size(1), g1 = output.Size(2), g2 = output.Size(3), a = output.Size(4), c = output.Size(5);
        var n = c - 3;
        if (targets.Count != b) throw new ArgumentException($"{targets.Count} target sets for a batch of {b}.", nameof(targets));
        var flat = output.Contiguous().Reshape(1, output.Length);
        var cells = g0 * g1 * g2;
        int Flat(int sample, int cell, int anchor, int channel) => ((sample * cells + cell) * a + anchor) * c + channel;

        var positive = new List<int>();
        var others = new List<int>();
        var offsetIndex = new List<int>();
        var offsetTargets = new List<float>();
        var hard = new List<int>();
        var values = output.Contiguous().AsReadOnlySpan().ToArray();
        for (var s = 0; s < b; s++)
        {
            var t = targets[s];
            var rows = t.Positives.Data;
            var offsets = t.Offsets.AsReadOnlySpan();
            for (var p = 0; p < t.PositiveCount; p++)
            {
                int anchor = rows[p * 5], landmark = rows[p * 5 + 1];
                var cell = (rows[p * 5 + 2] * g1 + rows[p * 5 + 3]) * g2 + rows[p * 5 + 4];
                positive.Add(Flat(s, cell, anchor, 3 + landmark));
                for (var other = 0; other < n; other++)
                    if (other != landmark) others.Add(Flat(s, cell, anchor, 3 + other));
                for (var axis = 0; axis < 3; axis++)
                {
                    offsetIndex.Add(Flat(s, cell, anchor, axis));
                    offsetTargets.Add(offsets[p * 3 + axis]);
                }
            }
            var present = t.Present.AsReadOnlySpan();
            for (var landmark = 0; landmark < n; landmark++)
            {
                if (present[landmark] != 0f) continue;
                // Logits of this landmark in this sample, ordered (cell, anchor).
                var logits = new float[cells * a];
                for (var cell = 0; cell < cells; cell++)
                    for (var anchor = 0; anchor < a; anchor++)
                        logits[cell * a + anchor] = values[Flat(s, cell, anchor, 3 + landmark)];
                var chosen = new List<int>();
                TopSelection.AppendLargest(logits, _ => true, a * Weights.HardNegativesPerAnchor, 0, chosen);
                foreach (var k in chosen) hard.Add(Flat(s, k / a, k % a, 3 + landmark));
            }
        }

        var classLogits = output.Slice(5, 3, n);
        var background = Functional.BinaryCrossEntropyWithLogits(classLogits, Tensor.Zeros(classLogits.Shape.ToArray()));
        var total = background * (float)Weights.Background;
        var terms = (Pos: 0f, Other: 0f, Hard: 0f, Off: 0f);
        if (positive.Count > 0)
        {
            var pos = Bce(flat, positive, 1f);
            total = total + pos;
            terms.Pos = pos.Item();
        }
        if (others.Count > 0)
        {
            var weight = (float)(Weights.OtherClasses ?? 1.0 / Math.Max(1, n - 1));
            var other = Bce(flat, others, 0f);
            total = total + other * weight;
            terms.Other = other.Item();
        }
        if (hard.Count > 0)
        {
            var h = Bce(flat, hard, 0f);
            total = total + h * (float)Weights.HardNegatives;
            terms.Hard = h.Item();
        }
        if (offsetIndex.Count > 0)
        {
            var raw = Functional.Gather(flat, 1, new IndexTensor([.. offsetIndex], 1, offsetIndex.Count));
            var off = Functional.SmoothL1Loss(Functional.Tanh(raw), Tensor.FromArray(offsetTargets.ToArray(), 1, offsetTargets.Count));
            total = total + off * (float)Weights.Offsets;
            terms.Off = off.Item();
        }
        return new Terms(total, terms.Pos, terms.Other, terms.Hard, background.Item(), terms.Off);
    }

    private static Tensor Bce(Tensor flat, List<int> index, float target)
    {
        var picked = Functional.Gather(flat, 1, new IndexTensor([.. index], 1, index.Count));
        return Functional.BinaryCrossEntropyWithLogits(picked, Tensor.Full(target, 1, index.Count));
    }
}
