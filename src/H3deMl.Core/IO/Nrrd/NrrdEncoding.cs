namespace H3deMl.Core.IO.Nrrd;

/// <summary>How a NRRD writer encodes the voxel data.</summary>
public enum NrrdEncoding
{
    /// <summary>gzip-compressed (the default; what Slicer writes).</summary>
    Gzip = 0,

    /// <summary>Uncompressed little-endian bytes.</summary>
    Raw,
}

/// <summary>Options of <see cref="NrrdWriter"/>.</summary>
public sealed record NrrdWriteOptions
{
    /// <summary>The data encoding; default <see cref="NrrdEncoding.Gzip"/>.</summary>
    public NrrdEncoding Encoding { get; init; } = NrrdEncoding.Gzip;

    /// <summary>The gzip compression level; default <see cref="System.IO.Compression.CompressionLevel.Fastest"/>.</summary>
    public System.IO.Compression.CompressionLevel CompressionLevel { get; init; } = System.IO.Compression.CompressionLevel.Fastest;
}
