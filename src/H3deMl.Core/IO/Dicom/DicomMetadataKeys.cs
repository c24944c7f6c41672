namespace H3deMl.Core.IO.Dicom;

/// <summary>DICOM-specific keys of <see cref="Volumes.Volume.Metadata"/> written by <see cref="DicomSeriesReader"/>, in
/// addition to the well-known <see cref="Volumes.VolumeMetadataKeys"/> (Format "DICOM", TransferSyntaxUid,
/// TransferSyntaxName, SliceCount, Modality, SeriesInstanceUid, PatientId, RescaleSlope, RescaleIntercept).
/// Values are invariant-culture strings.</summary>
public static class DicomMetadataKeys
{
    /// <summary>SeriesNumber (0020,0011), when present.</summary>
    public const string SeriesNumber = "dicom:SeriesNumber";

    /// <summary>SeriesDescription (0008,103E), when present.</summary>
    public const string SeriesDescription = "dicom:SeriesDescription";

    /// <summary>SliceThickness (0018,0050) of the first slice in mm, when present. It is recorded only: the slice spacing
    /// comes from the positions, never from this value.</summary>
    public const string SliceThickness = "dicom:SliceThickness";

    /// <summary>The positions of the sorted slices along the slice normal, in mm, comma separated (relative to the
    /// first slice). Written when the spacing is uneven and uneven spacing was allowed.</summary>
    public const string SlicePositions = "dicom:SlicePositions";

    /// <summary>"true" when the slice positions are not evenly spaced and the volume was read anyway with their mean
    /// step (<see cref="DicomSeriesReadOptions.AllowUnevenSpacing"/>).</summary>
    public const string UnevenSpacing = "dicom:UnevenSpacing";

    /// <summary>The largest distance, in mm, between a slice and where the uniform grid of the volume puts it.</summary>
    public const string MaxSliceDeviation = "dicom:MaxSliceDeviationMm";

    /// <summary>Set when the files lack ImagePositionPatient/ImageOrientationPatient or PixelSpacing and the reader assumed
    /// a geometry; the value says what was assumed.</summary>
    public const string AssumedGeometry = "dicom:AssumedGeometry";

    /// <summary>"true" when the slices do not all share one RescaleSlope/RescaleIntercept (each slice's own was applied).</summary>
    public const string RescaleVariesBySlice = "dicom:RescaleVariesBySlice";

    /// <summary>How many series (geometry groups) the input held, when more than one.</summary>
    public const string SeriesInFolder = "dicom:SeriesInFolder";

    /// <summary>The index of the series read, in the order of <see cref="DicomSeriesReader.ListSeries(string, CancellationToken)"/>
    /// (0 is the series with the most slices).</summary>
    public const string SeriesIndex = "dicom:SeriesIndex";

    /// <summary>How the series read was chosen: "largest (default)", "SeriesInstanceUid" or "SeriesIndex"
    /// (<see cref="DicomSeriesReadOptions"/>).</summary>
    public const string SeriesSelection = "dicom:SeriesSelection";

    /// <summary>The series not read, one per line as "[index] description", when the input held more than one; pass an
    /// index to <see cref="DicomSeriesReadOptions.SeriesIndex"/> to read another.</summary>
    public const string OtherSeries = "dicom:OtherSeries";
}
