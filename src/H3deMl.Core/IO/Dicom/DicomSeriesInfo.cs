namespace H3deMl.Core.IO.Dicom;

/// <summary>One series found by <see cref="DicomSeriesReader.ListSeries(string, CancellationToken)"/>: a group of images
/// sharing SeriesInstanceUID (possibly empty), orientation, pixel spacing and matrix size.</summary>
public sealed class DicomSeriesInfo
{
    internal DicomSeriesInfo(string seriesInstanceUid, int? seriesNumber, string seriesDescription, string modality, int rows, int columns, int sliceCount, string transferSyntaxUid, string transferSyntaxName, IReadOnlyList<string> files)
    {
        SeriesInstanceUid = seriesInstanceUid;
        SeriesNumber = seriesNumber;
        SeriesDescription = seriesDescription;
        Modality = modality;
        Rows = rows;
        Columns = columns;
        SliceCount = sliceCount;
        TransferSyntaxUid = transferSyntaxUid;
        TransferSyntaxName = transferSyntaxName;
        Files = files;
    }

    /// <summary>SeriesInstanceUID (0020,000E); empty when the files leave it empty.</summary>
    public string SeriesInstanceUid { get; }

    /// <summary>SeriesNumber (0020,0011), when present.</summary>
    public int? SeriesNumber { get; }

    /// <summary>SeriesDescription (0008,103E); empty when absent.</summary>
    public string SeriesDescription { get; }

    /// <summary>Modality (0008,0060); empty when absent.</summary>
    public string Modality { get; }

    /// <summary>Rows of each image (the j size of the volume).</summary>
    public int Rows { get; }

    /// <summary>Columns of each image (the i size of the volume).</summary>
    public int Columns { get; }

    /// <summary>Images in the series (frames, for multiframe files): the k size of the volume.</summary>
    public int SliceCount { get; }

    /// <summary>Transfer syntax UID of the first file.</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>Transfer syntax name of the first file (PS3.6 Table A-1).</summary>
    public string TransferSyntaxName { get; }

    /// <summary>The files of the series, in slice order when the geometry allows it; pass them to
    /// <see cref="DicomSeriesReader.Read(IEnumerable{string}, CancellationToken)"/> to read this series.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Modality} series {SeriesNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} '{SeriesDescription}' {Columns}×{Rows}×{SliceCount} ({TransferSyntaxName}) UID '{SeriesInstanceUid}'";
}
