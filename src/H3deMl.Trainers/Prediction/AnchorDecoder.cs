using H3deMl.Core.Geometry;

namespace H3deMl.Trainers.Prediction;

/// <summary>
/// Decodes the anchor head as the reference does (H3DE-NET.md §3.2): for each landmark, the <see cref="Candidates"/>
/// largest class logits over cells × anchors, each decoded to stride·(cell + tanh(offset)·radius), then the medoid
/// (the candidate with the smallest summed distance to the others). Presence probability: sigmoid of the best logit
/// (DECISIONS.md §6).
/// </summary>
internal sealed class AnchorDecoder(IReadOnlyList<double> radiiCells, int strideVoxels = 4, int candidates = 15)
{
    internal int Candidates { get; } = candidates;

    // output: one sample's anchor output, (G0, G1, G2, A, 3 + N) row-major.
    internal DecodedLandmark[] Decode(ReadOnlySpan<float> output, int g0, int g1, int g2, int anchors, int landmarks)
    {
        var c = 3 + landmarks;
        var rows = g0 * g1 * g2 * anchors;
        var result = new DecodedLandmark[landmarks];
        var best = new (float Logit, int Row)[Math.Min(Candidates, rows)];
        for (var l = 0; l < landmarks; l++)
        {
            var count = 0;
            for (var r = 0; r < rows; r++)
            {
                var v = output[r * c + 3 + l];
                if (count == best.Length && v <= best[^1].Logit) continue;
                var pos = count == best.Length ? best.Length - 1 : count++;
                while (pos > 0 && v > best[pos - 1].Logit)
                {
                    best[pos] = best[pos - 1];
                    pos--;
                }
                best[pos] = (v, r);
            }
            var points = new Vector3d[count];
            for (var i = 0; i < count; i++)
            {
                var r = best[i].Row;
                var anchor = r % anchors;
                var cell = r / anchors;
                int x = cell / (g1 * g2), y = cell / g2 % g1, z = cell % g2;
                var radius = radiiCells[anchor];
                var o = output.Slice(r * c, 3);
                points[i] = new Vector3d(
                    strideVoxels * (x + Math.Tanh(o[0]) * radius),
                    strideVoxels * (y + Math.Tanh(o[1]) * radius),
                    strideVoxels * (z + Math.Tanh(o[2]) * radius));
            }
            var medoid = 0;
            var bestSum = double.PositiveInfinity;
            for (var i = 0; i < count; i++)
            {
                double sum = 0;
                for (var j = 0; j < count; j++) sum += Vector3d.Distance(points[i], points[j]);
                if (sum < bestSum)
                {
                    bestSum = sum;
                    medoid = i;
                }
            }
            var top = best[0].Logit;
            result[l] = new DecodedLandmark(points[medoid], 1.0 / (1.0 + Math.Exp(-top)), top);
        }
        return result;
    }
}
