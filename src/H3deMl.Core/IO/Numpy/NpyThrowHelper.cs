using System.Diagnostics.CodeAnalysis;
using static H3deMl.Core.IO.VoxelDecoding;

namespace H3deMl.Core.IO.Numpy;

/// <summary>One specific, named failure per problem in a NumPy .npy file.</summary>
internal static class NpyThrowHelper
{
    [DoesNotReturn]
    public static void ThrowBadMagic(string path) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the file does not start with the NumPy magic '\\x93NUMPY'; it is not a .npy file.", offset: 0);

    [DoesNotReturn]
    public static void ThrowBadVersion(string path, int major) =>
        throw new UnsupportedVolumeContentException(path, $"{Name(path)}: the .npy format version {major} is not supported (1 to 3 are).", offset: 6);

    [DoesNotReturn]
    public static void ThrowBadHeader(string path, string detail) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the .npy header is malformed ({detail}).", offset: 8);

    [DoesNotReturn]
    public static void ThrowUnsupportedDtype(string path, string descr) =>
        throw new UnsupportedVolumeContentException(path, $"{Name(path)}: the .npy dtype '{descr}' is not supported; save the array as an integer or float type (e.g. arr.astype(np.float32)).", field: "descr");

    [DoesNotReturn]
    public static void ThrowTooLarge(string path, IEnumerable<long> shape) =>
        throw new InvalidVolumeContentException(path, $"{Name(path)}: the header declares shape {Dims(shape)}, more values than an array can hold; the header is corrupt.", field: "shape");

    [DoesNotReturn]
    public static void ThrowTruncated(string path, IEnumerable<long> shape, string descr, long needed, long available, long offset) =>
        throw new InvalidVolumeContentException(
            path,
            $"{Name(path)}: the header declares {Dims(shape)} '{descr}' values ({Count(needed)} bytes) but only {Count(Math.Max(0, available))} bytes follow; the file is truncated.",
            offset: offset);

    public static string Name(string path) => Path.GetFileName(path);
}
