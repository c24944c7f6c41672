using System.Diagnostics.CodeAnalysis;
using static H3deMl.Core.IO.VoxelDecoding;

namespace H3deMl.Core.IO.Nrrd;

/// <summary>One specific, named failure per problem in a NRRD file.</summary>
internal static class NrrdThrowHelper
{
    [DoesNotReturn]
    public static void ThrowBadMagic(string path, string found) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the file does not start with the NRRD magic 'NRRD000x' (found '{found}'); it is not a NRRD file.", offset: 0);

    [DoesNotReturn]
    public static void ThrowHeaderTooLong(string path, long limit) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: no blank line ends the NRRD header within the first {Count(limit)} bytes; the header is corrupt or the file is not NRRD.");

    [DoesNotReturn]
    public static void ThrowMissingField(string path, string field) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the required NRRD field '{field}' is missing.", field: field);

    [DoesNotReturn]
    public static void ThrowBadField(string path, string field, string value, string expected) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the NRRD field '{field}' is '{value}', expected {expected}.", field: field);

    [DoesNotReturn]
    public static void ThrowUnsupported(string path, string field, string value, string why) =>
        throw new UnsupportedVolumeContentException(path, $"{Name(path)}: the NRRD field '{field}: {value}' is not supported; {why}", field: field);

    [DoesNotReturn]
    public static void ThrowTooLarge(string path, IEnumerable<long> sizes) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the header declares {Dims(sizes)} values, more than a volume can hold ({Count(MaxValues)}); the sizes are corrupt.", field: "sizes");

    [DoesNotReturn]
    public static void ThrowTruncated(string path, IEnumerable<long> sizes, string type, long needed, long available, long? offset) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(sizes)} {type} values ({Count(needed)} bytes) but only {Count(available)} bytes follow; the file is truncated.",
            offset: offset);

    [DoesNotReturn]
    public static void ThrowImplausibleCompression(string path, IEnumerable<long> sizes, long needed, long compressed) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(sizes)} values ({Count(needed)} bytes) but the compressed data is only {Count(compressed)} bytes, which cannot expand that far; the sizes are corrupt or the file is truncated.",
            field: "sizes");

    [DoesNotReturn]
    public static void ThrowTrailingData(string path, long needed, long extra) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the decompressed data holds {Count(extra)} bytes more than the {Count(needed)} bytes the header declares; the sizes are wrong, or the data has its own header and the NRRD needs 'byte skip: -1'.");

    [DoesNotReturn]
    public static void ThrowCorruptCompressed(string path, string encoding, Exception inner) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the {encoding} data is corrupt ({inner.Message}).", innerException: inner);

    [DoesNotReturn]
    public static void ThrowBadAscii(string path, string token) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the ASCII data holds '{token}', which is not a number.");

    [DoesNotReturn]
    public static void ThrowDataFileMissing(string path, string dataFile) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the data file '{dataFile}' named by the header does not exist.", field: "data file");

    [DoesNotReturn]
    public static string ThrowMissingFieldRet(string path, string field)
    {
        ThrowMissingField(path, field);
        return null!;
    }

    [DoesNotReturn]
    public static T ThrowBadFieldRet<T>(string path, string field, string value, string expected)
    {
        ThrowBadField(path, field, value, expected);
        return default!;
    }

    [DoesNotReturn]
    public static T ThrowUnsupportedRet<T>(string path, string field, string value, string why)
    {
        ThrowUnsupported(path, field, value, why);
        return default!;
    }

    public static Exception BadAscii(string path, string token) =>
        new InvalidVolumeContentException(path, $"{Name(path)}: the ASCII data holds '{token}', which is not a number.");

    public static string Name(string path) => Path.GetFileName(path);
}
