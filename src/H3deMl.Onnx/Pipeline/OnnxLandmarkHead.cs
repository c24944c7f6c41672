namespace H3deMl.Onnx;

/// <summary>Which H3DE-Net head outputs <see cref="OnnxApplyingTransformer"/> decodes into landmarks.</summary>
public enum OnnxLandmarkHead
{
    /// <summary>Decode the heads the graph has: outputs named as <see cref="OnnxApplyOptions.HeatmapOutput"/> and
    /// <see cref="OnnxApplyOptions.AnchorsOutput"/>, or the head named by the model metadata <c>h3deml.head</c>; none when it has neither.</summary>
    Auto,

    /// <summary>Do not decode; only store the outputs as row features.</summary>
    None,

    /// <summary>Decode the heatmap output (N, L, I, J, K): one peak per landmark channel.</summary>
    Heatmap,

    /// <summary>Decode the anchor output (N, G0, G1, G2, A, 3 + L): offsets and class logits per cell.</summary>
    Anchors,

    /// <summary>Positions from the heatmap, presence from the anchors (as <c>H3deNetModel</c> does with both heads).</summary>
    Both,
}
