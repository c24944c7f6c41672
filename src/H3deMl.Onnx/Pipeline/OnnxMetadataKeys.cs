namespace H3deMl.Onnx;

/// <summary>Model metadata (metadata_props) keys that <see cref="OnnxApplyingTransformer"/> reads when its options leave them open.</summary>
public static class OnnxMetadataKeys
{
    /// <summary>The H3DE-Net head(s) of the graph: "heatmap", "anchors" or "both".</summary>
    public const string Head = "h3deml.head";

    /// <summary>The landmark names in output-channel order, as a JSON array of strings.</summary>
    public const string LandmarkNames = "h3deml.landmark_names";
}
