namespace H3deMl.Core.IO.Dicom;

/// <summary>Options of <see cref="DicomSeriesReader"/>.</summary>
public sealed record DicomSeriesReadOptions
{
    /// <summary>
    /// Whether a series whose slices are not evenly spaced is read anyway. Default false: such a series raises an
    /// <see cref="InvalidVolumeContentException"/> listing the steps, because a volume has one spacing per axis and
    /// silently resampling would move anatomy. When true, the volume uses the mean step and its metadata carries
    /// <see cref="DicomMetadataKeys.UnevenSpacing"/>, <see cref="DicomMetadataKeys.MaxSliceDeviation"/> and the true
    /// positions in <see cref="DicomMetadataKeys.SlicePositions"/>.
    /// </summary>
    public bool AllowUnevenSpacing { get; init; }

    /// <summary>
    /// The SeriesInstanceUID of the series to read when the input holds several; null (the default) reads the series with
    /// the most slices. When several geometry groups share the UID, the largest of them is read.
    /// </summary>
    public string? SeriesInstanceUid { get; init; }
}
