namespace H3deMl.Core.IO.Dicom;

/// <summary>A parsed DICOM Part 10 file (or a preamble-less dataset): file meta group, dataset, transfer syntax.</summary>
internal sealed class DicomFile
{
    public DicomFile(string filePath, DicomDataset meta, DicomDataset dataset, DicomTransferSyntax transferSyntax, bool hasPreamble, long streamLength)
    {
        StreamLength = streamLength;
        FilePath = filePath;
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        HasPreamble = hasPreamble;
    }

    public string FilePath { get; }

    /// <summary>The file meta information (group 0002); empty for a preamble-less dataset without one.</summary>
    public DicomDataset Meta { get; }

    public DicomDataset Dataset { get; }

    public DicomTransferSyntax TransferSyntax { get; }

    public bool HasPreamble { get; }

    /// <summary>Length of the stream the element offsets count in: the file, or the inflated dataset of a deflated file.
    /// Bounds what a header-only parse may believe about the pixel data it did not read.</summary>
    public long StreamLength { get; }

    /// <summary>Parses a whole file held in memory. The dataset's values are slices of <paramref name="data"/>.</summary>
    public static DicomFile Parse(string filePath, ReadOnlyMemory<byte> data) =>
        new DicomParser(filePath, data, data.Length, headerOnly: false).ParseFile();

    /// <summary>Parses a file from disk.</summary>
    public static DicomFile Open(string filePath) => Parse(filePath, File.ReadAllBytes(filePath));
}
