using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.IO;

/// <summary>Encodes float32 voxels as little-endian bytes of any element type, streaming to a <see cref="Stream"/>.</summary>
/// <remarks>The values must fit the type (see <see cref="ElementTypeFit"/>); conversion truncates, which is exact for
/// integers in range. Chunks go through one pooled buffer, converted with vectorised primitives.</remarks>
internal static class VoxelEncoding
{
    private const int ValuesPerChunk = 1 << 17;

    /// <summary>Writes <paramref name="values"/> as <paramref name="type"/>, little-endian.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> values, VolumeElementType type, CancellationToken cancellationToken)
    {
        int size = type.SizeInBytes();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ValuesPerChunk * size);
        try
        {
            for (int start = 0; start < values.Length; start += ValuesPerChunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<float> chunk = values.Slice(start, Math.Min(ValuesPerChunk, values.Length - start));
                Span<byte> bytes = buffer.AsSpan(0, chunk.Length * size);
                Encode(chunk, bytes, type);
                if (!BitConverter.IsLittleEndian)
                {
                    SwapInPlace(bytes, size);
                }

                stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Encode(ReadOnlySpan<float> src, Span<byte> dst, VolumeElementType type)
    {
        switch (type)
        {
            case VolumeElementType.UInt8: Convert<byte>(src, dst); break;
            case VolumeElementType.Int8: Convert<sbyte>(src, dst); break;
            case VolumeElementType.UInt16: Convert<ushort>(src, dst); break;
            case VolumeElementType.Int16: Convert<short>(src, dst); break;
            case VolumeElementType.UInt32: Convert<uint>(src, dst); break;
            case VolumeElementType.Int32: Convert<int>(src, dst); break;
            case VolumeElementType.UInt64: Convert<ulong>(src, dst); break;
            case VolumeElementType.Int64: Convert<long>(src, dst); break;
            case VolumeElementType.Float32: MemoryMarshal.AsBytes(src).CopyTo(dst); break;
            case VolumeElementType.Float64: Convert<double>(src, dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type.");
        }
    }

    private static void Convert<T>(ReadOnlySpan<float> src, Span<byte> dst)
        where T : unmanaged, INumberBase<T> =>
        TensorPrimitives.ConvertTruncating(src, MemoryMarshal.Cast<byte, T>(dst));

    private static void SwapInPlace(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2:
                {
                    Span<ushort> s = MemoryMarshal.Cast<byte, ushort>(bytes);
                    BinaryPrimitives.ReverseEndianness(s, s);
                    break;
                }

            case 4:
                {
                    Span<uint> s = MemoryMarshal.Cast<byte, uint>(bytes);
                    BinaryPrimitives.ReverseEndianness(s, s);
                    break;
                }

            case 8:
                {
                    Span<ulong> s = MemoryMarshal.Cast<byte, ulong>(bytes);
                    BinaryPrimitives.ReverseEndianness(s, s);
                    break;
                }
        }
    }
}
