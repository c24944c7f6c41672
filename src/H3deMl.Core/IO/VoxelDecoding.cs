using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>Decodes raw voxel bytes of any element type and byte order into float32, streaming from a <see cref="Stream"/>.</summary>
internal static class VoxelDecoding
{
    /// <summary>Largest number of values a volume may hold (the CLR's largest array).</summary>
    public static readonly long MaxValues = Array.MaxLength;

    private const int ChunkBytes = 1 << 20;

    /// <summary>Decodes <paramref name="dst"/>.Length elements from <paramref name="src"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> src, Span<float> dst, VolumeElementType type, bool bigEndian)
    {
        bool swap = bigEndian == BitConverter.IsLittleEndian;
        int n = dst.Length;
        switch (type)
        {
            case VolumeElementType.UInt8:
                TensorPrimitives.ConvertTruncating<byte, float>(src[..n], dst);
                break;
            case VolumeElementType.Int8:
                {
                    ReadOnlySpan<sbyte> s = MemoryMarshal.Cast<byte, sbyte>(src[..n]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = s[x];
                    }

                    break;
                }

            case VolumeElementType.UInt16:
                {
                    ReadOnlySpan<ushort> s = MemoryMarshal.Cast<byte, ushort>(src[..(n * 2)]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = swap ? BinaryPrimitives.ReverseEndianness(s[x]) : s[x];
                    }

                    break;
                }

            case VolumeElementType.Int16:
                {
                    ReadOnlySpan<short> s = MemoryMarshal.Cast<byte, short>(src[..(n * 2)]);
                    if (swap)
                    {
                        for (int x = 0; x < n; x++)
                        {
                            dst[x] = BinaryPrimitives.ReverseEndianness(s[x]);
                        }
                    }
                    else
                    {
                        // Exact for every int16, and vectorised.
                        TensorPrimitives.ConvertTruncating<short, float>(s, dst);
                    }

                    break;
                }

            case VolumeElementType.UInt32:
                {
                    ReadOnlySpan<uint> s = MemoryMarshal.Cast<byte, uint>(src[..(n * 4)]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = swap ? BinaryPrimitives.ReverseEndianness(s[x]) : s[x];
                    }

                    break;
                }

            case VolumeElementType.Int32:
                {
                    ReadOnlySpan<int> s = MemoryMarshal.Cast<byte, int>(src[..(n * 4)]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = swap ? BinaryPrimitives.ReverseEndianness(s[x]) : s[x];
                    }

                    break;
                }

            case VolumeElementType.UInt64:
                {
                    ReadOnlySpan<ulong> s = MemoryMarshal.Cast<byte, ulong>(src[..(n * 8)]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = swap ? BinaryPrimitives.ReverseEndianness(s[x]) : s[x];
                    }

                    break;
                }

            case VolumeElementType.Int64:
                {
                    ReadOnlySpan<long> s = MemoryMarshal.Cast<byte, long>(src[..(n * 8)]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = swap ? BinaryPrimitives.ReverseEndianness(s[x]) : s[x];
                    }

                    break;
                }

            case VolumeElementType.Float32:
                if (swap)
                {
                    ReadOnlySpan<uint> s = MemoryMarshal.Cast<byte, uint>(src[..(n * 4)]);
                    for (int x = 0; x < n; x++)
                    {
                        dst[x] = BitConverter.UInt32BitsToSingle(BinaryPrimitives.ReverseEndianness(s[x]));
                    }
                }
                else
                {
                    MemoryMarshal.Cast<byte, float>(src[..(n * 4)]).CopyTo(dst);
                }

                break;
            case VolumeElementType.Float64:
                {
                    ReadOnlySpan<ulong> s = MemoryMarshal.Cast<byte, ulong>(src[..(n * 8)]);
                    for (int x = 0; x < n; x++)
                    {
                        ulong bits = swap ? BinaryPrimitives.ReverseEndianness(s[x]) : s[x];
                        dst[x] = (float)BitConverter.UInt64BitsToDouble(bits);
                    }

                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type.");
        }
    }

    /// <summary>Reads and decodes as many elements as fit in <paramref name="dst"/>; returns the number of bytes read,
    /// which is less than needed only when the stream ended early.</summary>
    public static long ReadInto(Stream stream, Span<float> dst, VolumeElementType type, bool bigEndian, CancellationToken cancellationToken)
    {
        int es = type.SizeInBytes();
        int perChunk = ChunkBytes / es;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(perChunk * es);
        try
        {
            long total = 0;
            int done = 0;
            while (done < dst.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(perChunk, dst.Length - done);
                int want = count * es;
                int got = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
                total += got;
                int whole = got / es;
                Decode(buffer.AsSpan(0, whole * es), dst.Slice(done, whole), type, bigEndian);
                done += whole;
                if (got < want)
                {
                    return total;
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Multiplies then adds in place (intensity rescale).</summary>
    public static void Rescale(Span<float> values, double slope, double intercept)
    {
        if (slope == 1 && intercept == 0)
        {
            return;
        }

        for (int x = 0; x < values.Length; x++)
        {
            values[x] = (float)((values[x] * slope) + intercept);
        }
    }

    /// <summary>Parses an ASCII list of numbers separated by whitespace (and optionally commas).</summary>
    public static int ParseAscii(TextReader reader, Span<float> dst, Func<string, Exception> onBadToken)
    {
        int done = 0;
        string? line;
        while (done < dst.Length && (line = reader.ReadLine()) is not null)
        {
            foreach (string token in line.Split([' ', '\t', ',', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (done >= dst.Length)
                {
                    break;
                }

                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw onBadToken(token);
                }

                dst[done++] = (float)v;
            }
        }

        return done;
    }

    /// <summary>Formats a byte or element count with thousands separators ("157,286,400").</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Formats a size list as "512×512×300".</summary>
    public static string Dims(IEnumerable<long> sizes) => string.Join("×", sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Product of sizes, or −1 when it overflows or exceeds the largest array.</summary>
    public static long CheckedProduct(IEnumerable<long> sizes)
    {
        long p = 1;
        foreach (long s in sizes)
        {
            if (s < 0)
            {
                return -1;
            }

            if (s != 0 && p > MaxValues / s)
            {
                return -1;
            }

            p *= s;
        }

        return p;
    }

    /// <summary>Reorders an N-D array (axis 0 fastest) into component-fastest layout: the axes flagged non-spatial become
    /// the fastest (in their file order), followed by the spatial axes (in their file order).</summary>
    public static float[] MoveNonSpatialAxesFirst(float[] data, IReadOnlyList<long> sizes, IReadOnlyList<bool> isSpatial)
    {
        int n = sizes.Count;
        var order = new List<int>();
        for (int a = 0; a < n; a++)
        {
            if (!isSpatial[a])
            {
                order.Add(a);
            }
        }

        for (int a = 0; a < n; a++)
        {
            if (isSpatial[a])
            {
                order.Add(a);
            }
        }

        bool identity = true;
        for (int a = 0; a < n; a++)
        {
            identity &= order[a] == a || sizes[order[a]] == 1;
        }

        // Axes of size 1 do not change the layout; only a real reordering needs a copy.
        if (identity || IsTrivialPermutation(order, sizes))
        {
            return data;
        }

        var srcStrides = new long[n];
        long stride = 1;
        for (int a = 0; a < n; a++)
        {
            srcStrides[a] = stride;
            stride *= sizes[a];
        }

        var outSizes = order.Select(a => sizes[a]).ToArray();
        var outSrcStrides = order.Select(a => srcStrides[a]).ToArray();
        var result = new float[data.Length];
        var idx = new long[n];
        long src = 0;
        for (long dst = 0; dst < result.LongLength; dst++)
        {
            result[dst] = data[src];
            for (int a = 0; a < n; a++)
            {
                idx[a]++;
                src += outSrcStrides[a];
                if (idx[a] < outSizes[a])
                {
                    break;
                }

                src -= outSrcStrides[a] * idx[a];
                idx[a] = 0;
            }
        }

        return result;
    }

    /// <summary>Turns C order (last axis fastest) into axis-0-fastest order, i.e. reverses the memory order of the axes.</summary>
    public static float[] ReverseAxes(float[] data, IReadOnlyList<long> cShape)
    {
        // Read as an array whose fastest axis is the last numpy axis: sizes reversed; we want numpy axis 0 fastest.
        long[] memSizes = [.. cShape.Reverse()];
        int n = memSizes.Length;
        var srcStrides = new long[n];
        long stride = 1;
        for (int a = 0; a < n; a++)
        {
            srcStrides[a] = stride;
            stride *= memSizes[a];
        }

        // Output axes: numpy axis 0 (memory axis n−1) fastest.
        long[] outSizes = [.. cShape];
        long[] outStrides = [.. Enumerable.Range(0, n).Select(a => srcStrides[n - 1 - a])];
        var result = new float[data.Length];
        var idx = new long[n];
        long src = 0;
        for (long dst = 0; dst < result.LongLength; dst++)
        {
            result[dst] = data[src];
            for (int a = 0; a < n; a++)
            {
                idx[a]++;
                src += outStrides[a];
                if (idx[a] < outSizes[a])
                {
                    break;
                }

                src -= outStrides[a] * idx[a];
                idx[a] = 0;
            }
        }

        return result;
    }

    private static bool IsTrivialPermutation(List<int> order, IReadOnlyList<long> sizes)
    {
        // The permutation is a no-op when the non-singleton axes keep their relative order.
        int last = -1;
        foreach (int a in order)
        {
            if (sizes[a] == 1)
            {
                continue;
            }

            if (a < last)
            {
                return false;
            }

            last = a;
        }

        return true;
    }
}
