namespace H3deMl.Core.Volumes;

/// <summary>Well-known keys of <see cref="Volume.Metadata"/>. Readers fill those that apply; values are invariant-culture strings.</summary>
/// <remarks>Format-specific fields that have no well-known key (NRRD key/value pairs, MetaImage tags we do not interpret,
/// NIfTI descrip) are kept under a prefixed key: <c>nrrd:</c> + key, <c>mha:</c> + tag, <c>nifti:</c> + field.</remarks>
public static class VolumeMetadataKeys
{
    /// <summary>The file format read: "NRRD", "NIfTI-1", "NIfTI-2", "MetaImage", "NumPy" or "DICOM".</summary>
    public const string Format = "Format";

    /// <summary>The path the volume was read from.</summary>
    public const string SourcePath = "SourcePath";

    /// <summary>DICOM transfer syntax UID of the pixel data (e.g. "1.2.840.10008.1.2.1").</summary>
    public const string TransferSyntaxUid = "TransferSyntaxUid";

    /// <summary>DICOM transfer syntax name (e.g. "Explicit VR Little Endian").</summary>
    public const string TransferSyntaxName = "TransferSyntaxName";

    /// <summary>Number of DICOM slices (files or frames) assembled into the volume.</summary>
    public const string SliceCount = "SliceCount";

    /// <summary>DICOM Modality (e.g. "CT").</summary>
    public const string Modality = "Modality";

    /// <summary>DICOM SeriesInstanceUID (may be empty).</summary>
    public const string SeriesInstanceUid = "SeriesInstanceUid";

    /// <summary>DICOM PatientID.</summary>
    public const string PatientId = "PatientId";

    /// <summary>The intensity rescale slope applied by the reader (DICOM RescaleSlope, NIfTI scl_slope), when not 1.</summary>
    public const string RescaleSlope = "RescaleSlope";

    /// <summary>The intensity rescale intercept applied by the reader (DICOM RescaleIntercept, NIfTI scl_inter), when not 0.</summary>
    public const string RescaleIntercept = "RescaleIntercept";

    /// <summary>NIfTI only: which transform gave the geometry: "sform", "qform" or "none" (the scaled identity).</summary>
    public const string NiftiTransform = "NiftiTransform";

    /// <summary>NIfTI only: the sform_code or qform_code of the transform used.</summary>
    public const string NiftiTransformCode = "NiftiTransformCode";

    /// <summary>Free-text description (NIfTI descrip, NRRD content).</summary>
    public const string Description = "Description";

    /// <summary>The kind of each non-spatial component axis, when the volume has <see cref="Volume.Components"/> &gt; 1
    /// (NRRD kinds such as "vector", "list", "RGB-color"; "time" for a 4D NIfTI).</summary>
    public const string ComponentKind = "ComponentKind";

    /// <summary>Spacing along the component axis when the file gives one (NIfTI pixdim[4], e.g. repetition time).</summary>
    public const string ComponentSpacing = "ComponentSpacing";

    /// <summary>Prefix for NRRD key/value pairs (<c>key:=value</c>) and unused NRRD fields.</summary>
    public const string NrrdPrefix = "nrrd:";

    /// <summary>Prefix for MetaImage tags that are not interpreted.</summary>
    public const string MetaImagePrefix = "mha:";

    /// <summary>Prefix for NIfTI header fields kept for reference (e.g. <c>nifti:intent_code</c>).</summary>
    public const string NiftiPrefix = "nifti:";
}
