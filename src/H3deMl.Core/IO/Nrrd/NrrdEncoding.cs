namespace H3deMl.Core.IO.Nrrd;

/// <summary>How a NRRD writer encodes the voxel data.</summary>
public enum NrrdEncoding
{
    /// <summary>gzip-compressed (the default; what Slicer writes).</summary>
    Gzip = 0,

    /// <summary>Uncompressed little-endian bytes.</summary>
    Raw,
}
