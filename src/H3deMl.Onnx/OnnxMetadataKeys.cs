namespace H3deMl.Onnx;

/// <summary>
/// The <c>metadata_props</c> keys an exported model carries (<c>ml.Model.ExportToOnnx</c>), so that a runtime outside
/// H3deMl can preprocess scans and read the outputs as the pipeline does. <c>DecodeLandmarks(modelPath)</c> and
/// <c>ScoreOnnxLandmarks</c> read the head, landmark names, window and decoding parameters from them.
/// </summary>
public static class OnnxMetadataKeys
{
    /// <summary>JSON array of the landmark names, in output-channel (heatmap) and class (anchors) order.</summary>
    public const string LandmarkNames = "h3deml.landmark_names";

    /// <summary>The head(s): <c>Heatmap</c>, <c>Anchors</c> or <c>Both</c> (read case-insensitively).</summary>
    public const string Head = "h3deml.head";

    /// <summary>Presence probability at or above which a landmark is reported present (invariant culture number).</summary>
    public const string PresenceThreshold = "h3deml.presence_threshold";

    /// <summary>The library version that wrote the file.</summary>
    public const string LibraryVersion = "h3deml.library_version";

    /// <summary>The training window (A0, A1, A2) as a JSON array; larger scans are covered by overlapping windows.</summary>
    public const string WindowSize = "h3deml.window_size";

    /// <summary>Anchor radii in grid cells (JSON array), for decoding the anchor head.</summary>
    public const string AnchorRadiiCells = "h3deml.anchor_radii_cells";

    /// <summary>Voxels the heatmap decoder averages at least.</summary>
    public const string HeatmapDecodeMinimumVoxels = "h3deml.heatmap_decode_minimum_voxels";

    /// <summary>The network architecture as JSON (camelCase, as in model files).</summary>
    public const string Architecture = "h3deml.architecture";

    /// <summary>
    /// JSON array of the pipeline steps that run before the network when scoring, in order, each
    /// <c>{"type", "step", "options"}</c>: the transformer type, the step name and its options (camelCase).
    /// </summary>
    public const string Preprocessing = "h3deml.preprocessing";

    /// <summary>The options of the intensity normalisation step (window and output range) as JSON, when the pipeline has one.</summary>
    public const string NormalizeIntensity = "h3deml.normalize_intensity";

    /// <summary>The options of the centre crop (crop size, zoom) as JSON, when the pipeline has one.</summary>
    public const string CenterCrop = "h3deml.center_crop";

    /// <summary>The options of the resampling step (target spacing or size) as JSON, when the pipeline has one.</summary>
    public const string Resample = "h3deml.resample";

    /// <summary>The options of the reorientation step as JSON, when the pipeline has one.</summary>
    public const string Reorient = "h3deml.reorient";
}
