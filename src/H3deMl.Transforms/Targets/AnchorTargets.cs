using H3deMl.Tensors;

namespace H3deMl.Transforms.Targets;

/// <summary>The anchor-head targets of one crop, laid out for a loss to consume without searching.</summary>
/// <remarks>
/// <para><b>Layout.</b> With A anchors (radii), N landmarks and a (G0, G1, G2) grid (<c>ceil(crop / stride)</c> per axis;
/// 32×32×16 for a 128×128×64 crop), spatial axes in the network's order (A0, A1, A2) = (i, j, k):</para>
/// <list type="bullet">
/// <item><see cref="Classification"/>: float (A, N, G0, G1, G2), 1 where cell (g0, g1, g2) with anchor a is positive for
/// landmark n, else 0. If the head's 1×1×1 convolution emits channel <c>a·(3 + N) + c</c> (the reference's order), its
/// output reshaped to (B, A, 3 + N, G0, G1, G2) and sliced at <c>[:, :, 3:]</c> lines up element for element.</item>
/// <item><see cref="Positives"/>: int (P, 5) rows <c>[a, n, g0, g1, g2]</c> of every positive, sorted by (a, n, g0, g1, g2);
/// <see cref="Offsets"/>: float (P, 3), the offset target <c>t = (u − cell)/r</c> of each row, in (−1, 1), compared with
/// <c>tanh</c> of the offset channels <c>[:, a, 0:3, g0, g1, g2]</c>. Two landmarks positive in the same (cell, anchor)
/// give two rows, as in the reference.</item>
/// <item><see cref="Present"/>: float (N), 1 when landmark n is present in the crop (and encoded), 0 when missing — the
/// samples where a loss mines hard negatives for n (DECISIONS.md §5).</item>
/// </list>
/// <para><b>Mapping to the reference.</b> The reference network output (B, G0, G1, G2, A, 3 + N) at
/// <c>[b, g0, g1, g2, a, 3 + n]</c> corresponds to <c>Classification[a, n, g0, g1, g2]</c>, and its offsets
/// <c>[b, g0, g1, g2, a, 0..2]</c> to the <see cref="Offsets"/> row whose <see cref="Positives"/> row is
/// <c>[a, n, g0, g1, g2]</c>. The reference's padded list <c>(B, A, 400, 7)</c> of rows <c>[c, w, h, t0, t1, t2, label]</c>
/// holds the same positives grouped by anchor, plus one row <c>[0,0,0,0,0,0, −1−n]</c> per anchor for a missing landmark
/// (here <c>Present[n] = 0</c>) and padding rows labelled −100; <see cref="ToReferenceProposals"/> rebuilds it.</para>
/// </remarks>
public sealed class AnchorTargets
{
    internal AnchorTargets(Tensor classification, IndexTensor positives, Tensor offsets, Tensor present, int strideVoxels, IReadOnlyList<double> radiiCells)
    {
        Classification = classification;
        Positives = positives;
        Offsets = offsets;
        Present = present;
        StrideVoxels = strideVoxels;
        RadiiCells = radiiCells;
    }

    /// <summary>Positive mask, float (A, N, G0, G1, G2).</summary>
    public Tensor Classification { get; }

    /// <summary>Positive rows <c>[a, n, g0, g1, g2]</c>, int (P, 5).</summary>
    public IndexTensor Positives { get; }

    /// <summary>Offset targets of the positive rows, float (P, 3).</summary>
    public Tensor Offsets { get; }

    /// <summary>Presence per landmark, float (N).</summary>
    public Tensor Present { get; }

    /// <summary>The grid stride in voxels.</summary>
    public int StrideVoxels { get; }

    /// <summary>The anchor radii in cells.</summary>
    public IReadOnlyList<double> RadiiCells { get; }

    /// <summary>The number of positive rows P.</summary>
    public int PositiveCount => Positives.Shape[0];

    /// <summary>Rebuilds the reference's padded proposal list (A, <paramref name="rowsPerAnchor"/>, 7) of rows
    /// <c>[g0, g1, g2, t0, t1, t2, label]</c>: for each landmark in order, its positives for that anchor (or one row
    /// <c>[0,0,0,0,0,0, −1−n]</c> when missing), then rows <c>[0,0,0,0,0,0, −100]</c> up to the fixed length.</summary>
    /// <param name="rowsPerAnchor">Rows per anchor; default 400 (the reference's). Extra rows are dropped.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowsPerAnchor"/> is below 1.</exception>
    public Tensor ToReferenceProposals(int rowsPerAnchor = 400)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerAnchor, 1);
        int anchors = Classification.Shape[0], landmarks = Classification.Shape[1];
        var data = new float[anchors * rowsPerAnchor * 7];
        ReadOnlySpan<float> present = Present.AsReadOnlySpan();
        ReadOnlySpan<float> offsets = Offsets.AsReadOnlySpan();
        int[] rows = Positives.Data;
        for (int a = 0; a < anchors; a++)
        {
            int count = 0;
            void Add(float g0, float g1, float g2, float t0, float t1, float t2, float label)
            {
                if (count < rowsPerAnchor)
                {
                    Span<float> r = data.AsSpan(((a * rowsPerAnchor) + count) * 7, 7);
                    (r[0], r[1], r[2], r[3], r[4], r[5], r[6]) = (g0, g1, g2, t0, t1, t2, label);
                }

                count++;
            }

            for (int n = 0; n < landmarks; n++)
            {
                if (present[n] == 0)
                {
                    Add(0, 0, 0, 0, 0, 0, -1 - n);
                    continue;
                }

                for (int p = 0; p < PositiveCount; p++)
                {
                    if (rows[p * 5] == a && rows[(p * 5) + 1] == n)
                    {
                        Add(rows[(p * 5) + 2], rows[(p * 5) + 3], rows[(p * 5) + 4], offsets[p * 3], offsets[(p * 3) + 1], offsets[(p * 3) + 2], n);
                    }
                }
            }

            while (count < rowsPerAnchor)
            {
                Add(0, 0, 0, 0, 0, 0, -100);
            }
        }

        return Tensor.FromArray(data, anchors, rowsPerAnchor, 7);
    }
}
