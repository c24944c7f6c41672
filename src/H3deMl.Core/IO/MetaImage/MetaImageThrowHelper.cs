using System.Diagnostics.CodeAnalysis;
using static H3deMl.Core.IO.VoxelDecoding;

namespace H3deMl.Core.IO.MetaImage;

/// <summary>One specific, named failure per problem in a MetaImage file.</summary>
internal static class MetaImageThrowHelper
{
    [DoesNotReturn]
    public static void ThrowNotMetaImage(string path, string firstLine) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the file does not start with a MetaImage 'Key = Value' line (found '{firstLine}'); it is not a MetaImage file.", offset: 0);

    [DoesNotReturn]
    public static void ThrowMissingField(string path, string field) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the required MetaImage tag '{field}' is missing.", field: field);

    [DoesNotReturn]
    public static void ThrowBadField(string path, string field, string value, string expected) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the MetaImage tag '{field}' is '{value}', expected {expected}.", field: field);

    [DoesNotReturn]
    public static void ThrowUnsupported(string path, string field, string value, string why) =>
        throw new UnsupportedVolumeContentException(path, $"{Name(path)}: the MetaImage tag '{field} = {value}' is not supported; {why}", field: field);

    [DoesNotReturn]
    public static void ThrowTooLarge(string path, IEnumerable<long> sizes) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the header declares {Dims(sizes)} values, more than a volume can hold ({Count(MaxValues)}); DimSize is corrupt.", field: "DimSize");

    [DoesNotReturn]
    public static void ThrowTruncated(string path, IEnumerable<long> sizes, string type, long needed, long available, long offset) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(sizes)} {type} values ({Count(needed)} bytes) but only {Count(Math.Max(0, available))} bytes follow; the file is truncated.",
            offset: offset);

    [DoesNotReturn]
    public static void ThrowImplausibleCompression(string path, IEnumerable<long> sizes, long needed, long compressed) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(sizes)} values ({Count(needed)} bytes) but the compressed data is only {Count(compressed)} bytes, which cannot expand that far; DimSize is corrupt or the file is truncated.",
            field: "DimSize");

    [DoesNotReturn]
    public static void ThrowCorrupt(string path, Exception inner) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the compressed data is corrupt ({inner.Message}).", innerException: inner);

    [DoesNotReturn]
    public static void ThrowDataFileMissing(string path, string dataFile) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the data file '{dataFile}' named by ElementDataFile does not exist.", field: "ElementDataFile");

    public static string Name(string path) => Path.GetFileName(path);
}
