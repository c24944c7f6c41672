namespace H3deMl.Onnx;

/// <summary>Which H3DE-Net head outputs are decoded into landmarks.</summary>
public enum OnnxLandmarkHead
{
    /// <summary>The head the model metadata <c>h3deml.head</c> names, else the heads whose outputs the graph has.</summary>
    Auto,

    /// <summary>The heatmap output (N, L, A0, A1, A2): one peak per landmark channel.</summary>
    Heatmap,

    /// <summary>The anchor output (N, G0, G1, G2, anchors, 3 + L): offsets and class logits per cell.</summary>
    Anchors,

    /// <summary>Positions from the heatmap, presence from the anchors (as <c>H3deNetModel</c> does with both heads).</summary>
    Both,
}
