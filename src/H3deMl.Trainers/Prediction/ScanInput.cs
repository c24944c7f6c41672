using H3deMl.Core.Volumes;

namespace H3deMl;

/// <summary>The input of a landmark prediction engine: a scan on disk, or in memory.</summary>
/// <example><code>
/// var engine = ml.Model.CreatePredictionEngine&lt;ScanInput, LandmarkPrediction&gt;(model);
/// LandmarkPrediction p = engine.Predict(new ScanInput { ScanPath = "case.nii.gz" });
/// </code></example>
public sealed class ScanInput
{
    /// <summary>An identifier of the case (optional).</summary>
    public string Id { get; set; } = "";

    /// <summary>The image file (NIfTI, NRRD, MetaImage) or DICOM folder; ignored when <see cref="Volume"/> is set.</summary>
    public string ScanPath { get; set; } = "";

    /// <summary>A scan already in memory, or null to read <see cref="ScanPath"/>.</summary>
    [VolumeType]
    public Volume? Volume { get; set; }
}
