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
    /// the most slices. When several geometry groups share the UID, the largest of them is read. A UID that is not
    /// there raises an <see cref="InvalidVolumeContentException"/> listing the series found. Set at most one of this and
    /// <see cref="SeriesIndex"/>.
    /// </summary>
    public string? SeriesInstanceUid { get; init; }

    /// <summary>
    /// The index, in the order of <see cref="DicomSeriesReader.ListSeries(string, CancellationToken)"/> (most slices
    /// first), of the series to read; null (the default) reads index 0, the series with the most slices. Whichever series
    /// is read, the volume's metadata says which (<see cref="DicomMetadataKeys.SeriesIndex"/>,
    /// <see cref="DicomMetadataKeys.SeriesSelection"/>) and lists the others (<see cref="DicomMetadataKeys.OtherSeries"/>).
    /// An index past the last series raises an <see cref="InvalidVolumeContentException"/> listing them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int? SeriesIndex
    {
        get => _seriesIndex;
        init
        {
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(SeriesIndex), value, "A series index is 0 or more.");
            }

            _seriesIndex = value;
        }
    }

    /// <summary>
    /// Whether a Siemens MOSAIC (ImageType holds MOSAIC) is read as the single tiled 2D image it is stored as. Default
    /// false: a mosaic raises an <see cref="UnsupportedVolumeContentException"/>, because its tiles are the slices of a
    /// volume whose geometry the tiled image does not have; convert it with dcm2niix. Set it only to check pixel values.
    /// </summary>
    public bool ReadMosaicTiled { get; init; }

    private readonly int? _seriesIndex;
}
