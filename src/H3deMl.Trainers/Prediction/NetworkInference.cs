using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Trainers.Network;
using H3deMl.Transforms.Conversion;

namespace H3deMl.Trainers.Prediction;

/// <summary>
/// Runs a network on a whole volume and decodes one position per landmark in the volume's index space.
/// A volume within <see cref="WindowSize"/> (after padding to the network's stride) runs in one pass. A larger one is
/// covered by windows of that size with half-window overlap (the last window flush with the far border); each landmark
/// is taken from the window where its evidence (heatmap peak or best anchor logit) is strongest, so a landmark near a
/// window's border is always decoded from a window where it lies well inside. Results depend only on the input.
/// </summary>
/// <remarks>The forward pass is a delegate so that other runners of the same network (an ONNX graph) share the windowing and decoding.</remarks>
internal sealed class NetworkInference(Func<Tensor, H3deNetOutput> forward, (int A0, int A1, int A2) windowSize, int heatmapMinimumVoxels, IReadOnlyList<double> anchorRadiiCells)
{
    internal NetworkInference(H3deNet network, (int A0, int A1, int A2) windowSize, int heatmapMinimumVoxels, IReadOnlyList<double> anchorRadiiCells)
        : this(network.Forward, windowSize, heatmapMinimumVoxels, anchorRadiiCells)
    {
    }

    private readonly Lock _lock = new();
    private readonly HeatmapDecoder _heatmap = new(heatmapMinimumVoxels);
    private readonly AnchorDecoder _anchors = new(anchorRadiiCells, H3deNetArchitecture.AnchorStride);

    internal (int A0, int A1, int A2) WindowSize { get; } = windowSize;

    /// <summary>Decodes every landmark of <paramref name="volume"/>; the model is used by one caller at a time.</summary>
    internal DecodedLandmark[] Predict(Volume volume, CancellationToken cancellationToken = default)
    {
        var size = volume.Size;
        var starts0 = WindowStarts(size.I, WindowSize.A0);
        var starts1 = WindowStarts(size.J, WindowSize.A1);
        var starts2 = WindowStarts(size.K, WindowSize.A2);
        DecodedLandmark[]? best = null;
        var full = VolumeTensor.ToNetworkInput(volume);      // (1, I, J, K)
        foreach (var s0 in starts0)
            foreach (var s1 in starts1)
                foreach (var s2 in starts2)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int w0 = Math.Min(WindowSize.A0, size.I), w1 = Math.Min(WindowSize.A1, size.J), w2 = Math.Min(WindowSize.A2, size.K);
                    var window = full.Slice(1, s0, w0).Slice(2, s1, w1).Slice(3, s2, w2).Contiguous().Reshape(1, 1, w0, w1, w2);
                    var decoded = Decode(window);
                    var offset = new Vector3d(s0, s1, s2);
                    if (best is null)
                    {
                        best = new DecodedLandmark[decoded.Length];
                        for (var l = 0; l < decoded.Length; l++) best[l] = decoded[l] with { IndexIjk = decoded[l].IndexIjk + offset };
                        continue;
                    }
                    for (var l = 0; l < decoded.Length; l++)
                        if (decoded[l].Score > best[l].Score) best[l] = decoded[l] with { IndexIjk = decoded[l].IndexIjk + offset };
                }
        return best!;
    }

    /// <summary>Runs the network on one (1, 1, A0, A1, A2) input and decodes every landmark in its index space.</summary>
    internal DecodedLandmark[] Decode(Tensor input)
    {
        lock (_lock)
        {
            using var scope = new TensorScope();
            using var noGrad = GradMode.NoGrad();
            var output = forward(input);
            return DecodeOutput(output, 0);
        }
    }

    /// <summary>Decodes sample <paramref name="sample"/> of a batch output (heatmap preferred, anchors for presence when both exist).</summary>
    internal DecodedLandmark[] DecodeOutput(H3deNetOutput output, int sample)
    {
        DecodedLandmark[]? fromAnchors = null;
        if (output.Anchors is { } a)
        {
            int g0 = a.Size(1), g1 = a.Size(2), g2 = a.Size(3), anchors = a.Size(4), c = a.Size(5);
            var per = g0 * g1 * g2 * anchors * c;
            fromAnchors = _anchors.Decode(a.AsReadOnlySpan().Slice(sample * per, per), g0, g1, g2, anchors, c - 3);
        }
        if (output.Heatmap is not { } h) return fromAnchors!;
        int n = h.Size(1), a0 = h.Size(2), a1 = h.Size(3), a2 = h.Size(4);
        var voxels = a0 * a1 * a2;
        var result = new DecodedLandmark[n];
        var data = h.AsReadOnlySpan();
        for (var l = 0; l < n; l++)
        {
            var d = _heatmap.Decode(data.Slice((sample * n + l) * voxels, voxels), a0, a1, a2);
            // With both heads, the anchor head says whether the landmark is present (DECISIONS.md §1).
            result[l] = fromAnchors is null ? d : d with { PresenceProbability = fromAnchors[l].PresenceProbability };
        }
        return result;
    }

    private static int[] WindowStarts(int size, int window)
    {
        if (size <= window) return [0];
        var stride = Math.Max(1, window / 2);
        var starts = new List<int>();
        for (var s = 0; s + window < size; s += stride) starts.Add(s);
        starts.Add(size - window);
        return [.. starts];
    }
}
