using System.Diagnostics.CodeAnalysis;
using static H3deMl.Core.IO.VoxelDecoding;

namespace H3deMl.Core.IO.Nifti;

/// <summary>One specific, named failure per problem in a NIfTI file.</summary>
internal static class NiftiThrowHelper
{
    [DoesNotReturn]
    public static void ThrowBadSizeofHdr(string path, int le, int be) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the first four bytes (sizeof_hdr) read {le} (little-endian) or {be} (big-endian), not 348 (NIfTI-1) or 540 (NIfTI-2); it is not a NIfTI file.",
            offset: 0,
            field: "sizeof_hdr");

    [DoesNotReturn]
    public static void ThrowShortHeader(string path, int expected, int got) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the NIfTI header needs {expected} bytes but the file holds only {got}; the file is truncated.", offset: got);

    [DoesNotReturn]
    public static void ThrowBadMagic(string path, string magic) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the NIfTI magic is '{magic}', expected 'n+1' or 'n+2' (single file); the header is corrupt.", field: "magic");

    [DoesNotReturn]
    public static void ThrowPairFile(string path) =>
        throw new UnsupportedVolumeContentException(path, $"{Name(path)}: the header is of a .hdr/.img pair (magic 'ni1'/'ni2'); convert it to a single .nii file (e.g. with nibabel or 'fslchfiletype NIFTI_GZ').", field: "magic");

    [DoesNotReturn]
    public static void ThrowBadField(string path, string field, string value, string expected) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the NIfTI field {field} is {value}, expected {expected}.", field: field);

    [DoesNotReturn]
    public static void ThrowUnsupportedDatatype(string path, int code) =>
        throw new UnsupportedVolumeContentException(
            path,
            $"{Name(path)}: the NIfTI datatype {code} ({DatatypeName(code)}) is not supported; convert the image to an integer or float type (e.g. 'fslmaths in out -odt float').",
            field: "datatype");

    [DoesNotReturn]
    public static void ThrowTooLarge(string path, IEnumerable<long> dims) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the header declares {Dims(dims)} voxels, more than a volume can hold ({Count(MaxValues)}); the dim field is corrupt.", field: "dim");

    [DoesNotReturn]
    public static void ThrowTruncated(string path, IEnumerable<long> dims, string type, long needed, long available, long offset) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(dims)} {type} voxels ({Count(needed)} bytes) but only {Count(Math.Max(0, available))} bytes follow; the file is truncated.",
            offset: offset);

    [DoesNotReturn]
    public static void ThrowImplausibleCompression(string path, IEnumerable<long> dims, long needed, long compressed) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(dims)} voxels ({Count(needed)} bytes) but the gzip data is only {Count(compressed)} bytes, which cannot expand that far; the dim field is corrupt or the file is truncated.",
            field: "dim");

    [DoesNotReturn]
    public static void ThrowCorruptGzip(string path, Exception inner) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the gzip data is corrupt ({inner.Message}).", innerException: inner);

    [DoesNotReturn]
    public static void ThrowBadGeometry(string path, string transform, string detail, Exception? inner = null) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the {transform} does not define a valid grid ({detail}).", field: transform, innerException: inner);

    [DoesNotReturn]
    public static void ThrowSheared(string path, string transform) =>
        throw new UnsupportedVolumeContentException(
            path,
            $"{Name(path)}: the {transform} has axes that are not perpendicular (a sheared grid); resample the image to an orthogonal grid first.",
            field: transform);

    public static string Name(string path) => Path.GetFileName(path);

    public static string DatatypeName(int code) => code switch
    {
        1 => "binary",
        32 => "complex64",
        128 => "RGB24",
        1536 => "float128",
        1792 => "complex128",
        2048 => "complex256",
        2304 => "RGBA32",
        _ => "unknown",
    };
}
