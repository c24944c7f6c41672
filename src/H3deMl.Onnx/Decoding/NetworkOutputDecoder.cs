using H3deMl.Tensors;
using H3deMl.Trainers.Network;
using H3deMl.Trainers.Prediction;

namespace H3deMl.Onnx.Decoding;

/// <summary>Decodes one window's network outputs, given as flat float vectors, with the decoders of <c>H3deNetModel</c>
/// (<see cref="NetworkInference.DecodeOutput"/>): positions in the window's (i, j, k) index space.</summary>
internal sealed class NetworkOutputDecoder
{
    private readonly NetworkInference _inference;
    private readonly int _landmarks;
    private readonly int _anchors;
    private readonly (int A0, int A1, int A2) _window;

    public NetworkOutputDecoder((int A0, int A1, int A2) window, int landmarks, int heatmapMinimumVoxels, IReadOnlyList<double> anchorRadiiCells)
    {
        _window = window;
        _landmarks = landmarks;
        _anchors = anchorRadiiCells.Count;
        _inference = new NetworkInference(
            _ => throw new InvalidOperationException("Decoding runs no network."), window, heatmapMinimumVoxels, anchorRadiiCells);
    }

    /// <summary>The heatmap's length: L·A0·A1·A2.</summary>
    public long HeatmapLength => (long)_landmarks * _window.A0 * _window.A1 * _window.A2;

    /// <summary>The anchor output's length: G0·G1·G2·anchors·(3 + L), G = ⌈A / 4⌉.</summary>
    public long AnchorsLength => (long)Grid(_window.A0) * Grid(_window.A1) * Grid(_window.A2) * _anchors * (3 + _landmarks);

    /// <exception cref="ArgumentException">A vector's length does not fit the window, landmarks and anchors.</exception>
    public DecodedLandmark[] Decode(float[]? heatmap, float[]? anchors)
    {
        Tensor? h = null, a = null;
        if (heatmap is not null)
        {
            Check(heatmap, HeatmapLength, "heatmap", $"{_landmarks} landmarks × {_window.A0}×{_window.A1}×{_window.A2}");
            h = Tensor.Wrap(heatmap, 1, _landmarks, _window.A0, _window.A1, _window.A2);
        }

        if (anchors is not null)
        {
            int g0 = Grid(_window.A0), g1 = Grid(_window.A1), g2 = Grid(_window.A2);
            Check(anchors, AnchorsLength, "anchor", $"{g0}×{g1}×{g2} cells × {_anchors} anchors × (3 + {_landmarks})");
            a = Tensor.Wrap(anchors, 1, g0, g1, g2, _anchors, 3 + _landmarks);
        }

        return _inference.DecodeOutput(new H3deNetOutput(h, a), 0);
    }

    private static int Grid(int size) => (size + H3deNetArchitecture.AnchorStride - 1) / H3deNetArchitecture.AnchorStride;

    private static void Check(float[] values, long expected, string what, string layout)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"The {what} output holds {values.Length} values; {layout} needs {expected}. Check the landmark names, window size and anchor radii against the model.");
        }
    }
}
