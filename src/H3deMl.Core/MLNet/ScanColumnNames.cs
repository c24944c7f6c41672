namespace H3deMl;

/// <summary>The default column names of H3deMl pipelines.</summary>
/// <remarks><c>ml.Data.LoadScans</c> produces <see cref="Id"/>, <see cref="ScanPath"/> and <see cref="Landmarks"/>;
/// <c>LoadVolume</c> adds <see cref="Volume"/>; the target encoders add <see cref="HeatmapTargets"/> or
/// <see cref="AnchorTargets"/>; a trained H3DE-Net adds <see cref="PredictedLandmarks"/>,
/// <see cref="PresenceProbabilities"/> and <see cref="PresenceDecisions"/>.</remarks>
public static class ScanColumnNames
{
    /// <summary>The case identifier (text).</summary>
    public const string Id = "Id";

    /// <summary>The image file or DICOM folder (text).</summary>
    public const string ScanPath = "ScanPath";

    /// <summary>Ground-truth landmarks: 3 floats per landmark (L, P, S world millimetres), NaN where missing; slot names
    /// "Name.L", "Name.P", "Name.S".</summary>
    public const string Landmarks = "Landmarks";

    /// <summary>The scan: voxels with their geometry (<see cref="VolumeDataViewType"/>).</summary>
    public const string Volume = "Volume";

    /// <summary>Heatmap training targets (training only).</summary>
    public const string HeatmapTargets = "HeatmapTargets";

    /// <summary>Anchor training targets (training only).</summary>
    public const string AnchorTargets = "AnchorTargets";

    /// <summary>Predicted landmarks: 3 floats per landmark, world LPS millimetres of the original scan; slot names as
    /// <see cref="Landmarks"/>.</summary>
    public const string PredictedLandmarks = "PredictedLandmarks";

    /// <summary>The probability that each landmark is in the scan (one float per landmark).</summary>
    public const string PresenceProbabilities = "PresenceProbabilities";

    /// <summary>The model's decision that each landmark is in the scan (one boolean per landmark).</summary>
    public const string PresenceDecisions = "PresenceDecisions";
}
