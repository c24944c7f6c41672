using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>
/// Decodes voxels from a decompressing stream into an array that grows with the data that actually arrives, instead of
/// one allocated up front from the header's sizes. A compressed stream's length says little about what it inflates to
/// (<see cref="CompressionLimits"/> allows 1032× for deflate), so a small file that declares a huge image and then ends
/// early is rejected having allocated in proportion to what it held, not to what it claimed.
/// </summary>
internal static class CompressedVoxels
{
    /// <summary>Values allocated before any data has arrived (32 MB of float32): most volumes fit without growing.</summary>
    internal const int InitialValues = 8 << 20;

    /// <summary>Reads up to <paramref name="count"/> values. Returns an array of exactly <paramref name="count"/> values when
    /// the stream held them all; otherwise <paramref name="bytesRead"/> is less than count × element size (and the array
    /// content is not to be used).</summary>
    public static float[] Read(Stream stream, long count, VolumeElementType type, bool bigEndian, CancellationToken cancellationToken, out long bytesRead)
    {
        int es = type.SizeInBytes();
        var data = GC.AllocateUninitializedArray<float>((int)Math.Min(count, InitialValues));
        long filled = 0;
        bytesRead = 0;
        while (true)
        {
            long got = VoxelDecoding.ReadInto(stream, data.AsSpan((int)filled), type, bigEndian, cancellationToken);
            bytesRead += got;
            filled += got / es;
            if (filled < data.Length || data.Length == count)
            {
                return data;
            }

            var larger = GC.AllocateUninitializedArray<float>((int)Math.Min(count, 2L * data.Length));
            data.AsSpan().CopyTo(larger);
            data = larger;
        }
    }
}
