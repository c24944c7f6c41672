using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// Converts one native (uncompressed) frame to float32 with the modality rescale applied:
/// <c>value = stored · slope + intercept</c>, where <c>stored</c> is the BitsStored-bit field ending at HighBit,
/// sign-extended when PixelRepresentation is 1. Output is pixel-interleaved (sample fastest); planar-configuration-1
/// colour frames are interleaved on the way. 8-, 16- and 32-bit integers in either byte order, packed 1-bit data, and
/// 32/64-bit float pixel data are read.
/// </summary>
internal static class DicomNativeDecoder
{
    /// <summary>Decodes one frame; <paramref name="frame"/> is at least <see cref="DicomPixelFormat.FrameBytes"/> long
    /// (for 1-bit data: the bytes holding the frame, whose first bit is bit <paramref name="bitOffset"/>).</summary>
    public static void Decode(ReadOnlySpan<byte> frame, DicomPixelFormat format, bool littleEndian, double slope, double intercept, Span<float> destination, int bitOffset = 0)
    {
        int count = format.SamplesPerFrame;
        destination = destination[..count];
        if (format.PlanarConfiguration == 1 && format.SamplesPerPixel > 1)
        {
            // Convert plane by plane into a scratch, then interleave.
            float[] planes = new float[count];
            int pixels = format.PixelsPerFrame;
            DecodeSamples(frame, format, littleEndian, slope, intercept, planes, bitOffset);
            int spp = format.SamplesPerPixel;
            for (int s = 0; s < spp; s++)
            {
                ReadOnlySpan<float> plane = planes.AsSpan(s * pixels, pixels);
                for (int p = 0; p < pixels; p++)
                {
                    destination[(p * spp) + s] = plane[p];
                }
            }

            return;
        }

        DecodeSamples(frame, format, littleEndian, slope, intercept, destination, bitOffset);
    }

    private static void DecodeSamples(ReadOnlySpan<byte> frame, DicomPixelFormat format, bool littleEndian, double slope, double intercept, Span<float> dst, int bitOffset)
    {
        int count = dst.Length;
        int shift = format.HighBit + 1 - format.BitsStored;
        int bits = format.BitsStored;
        bool signed = format.IsSigned;
        if (format.IsFloat)
        {
            for (int i = 0; i < count; i++)
            {
                double v = format.BitsAllocated == 64
                    ? (littleEndian ? BinaryPrimitives.ReadDoubleLittleEndian(frame[(i * 8)..]) : BinaryPrimitives.ReadDoubleBigEndian(frame[(i * 8)..]))
                    : (littleEndian ? BinaryPrimitives.ReadSingleLittleEndian(frame[(i * 4)..]) : BinaryPrimitives.ReadSingleBigEndian(frame[(i * 4)..]));
                dst[i] = (float)((v * slope) + intercept);
            }

            return;
        }

        switch (format.BitsAllocated)
        {
            case 1:
                for (int i = 0; i < count; i++)
                {
                    int bit = bitOffset + i;
                    int v = (frame[bit >> 3] >> (bit & 7)) & 1;
                    dst[i] = (float)((v * slope) + intercept);
                }

                break;

            case 8:
                for (int i = 0; i < count; i++)
                {
                    dst[i] = (float)((Extract(frame[i], shift, bits, signed) * slope) + intercept);
                }

                break;

            case 16:
                Decode16(frame[..(count * 2)], littleEndian, shift, bits, signed, slope, intercept, dst);
                break;

            default: // 32
                for (int i = 0; i < count; i++)
                {
                    uint raw = littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(i * 4)..]) : BinaryPrimitives.ReadUInt32BigEndian(frame[(i * 4)..]);
                    long v = Extract32(raw, shift, bits, signed);
                    dst[i] = (float)((v * slope) + intercept);
                }

                break;
        }
    }

    private static int Extract(uint raw, int shift, int bits, bool signed)
    {
        uint field = (raw >> shift) & (uint)((1L << bits) - 1);
        if (signed)
        {
            int up = 32 - bits;
            return ((int)(field << up)) >> up;
        }

        return (int)field;
    }

    private static long Extract32(uint raw, int shift, int bits, bool signed)
    {
        ulong field = ((ulong)raw >> shift) & ((1UL << bits) - 1);
        if (signed)
        {
            int up = 64 - bits;
            return ((long)(field << up)) >> up;
        }

        return (long)field;
    }

    /// <summary>The hot path: 16-bit samples. When slope and intercept are integers the arithmetic is exact in float32
    /// (|stored · slope| + |intercept| &lt; 2^23), so a vectorised float path gives the same bits as the double one.</summary>
    private static void Decode16(ReadOnlySpan<byte> src, bool littleEndian, int shift, int bits, bool signed, double slope, double intercept, Span<float> dst)
    {
        int count = dst.Length;
        int i = 0;
        bool exactInFloat = slope == Math.Round(slope) && intercept == Math.Round(intercept)
            && Math.Abs(slope) <= 64 && Math.Abs(intercept) <= 4_000_000; // |65535 · 64| + 4e6 < 2^23: exact
        if (exactInFloat && littleEndian == BitConverter.IsLittleEndian && Vector.IsHardwareAccelerated && count >= Vector<ushort>.Count)
        {
            ReadOnlySpan<ushort> words = MemoryMarshal.Cast<byte, ushort>(src);
            var mask = new Vector<uint>((uint)((1 << bits) - 1));
            var slopeV = new Vector<float>((float)slope);
            var interceptV = new Vector<float>((float)intercept);
            int up = 32 - bits;
            int step = Vector<ushort>.Count;
            int half = Vector<uint>.Count;
            for (; i <= count - step; i += step)
            {
                var w = new Vector<ushort>(words[i..]);
                Vector.Widen(w, out Vector<uint> lo, out Vector<uint> hi);
                lo = Vector.BitwiseAnd(Vector.ShiftRightLogical(lo, shift), mask);
                hi = Vector.BitwiseAnd(Vector.ShiftRightLogical(hi, shift), mask);
                Vector<int> loI = Vector.AsVectorInt32(lo);
                Vector<int> hiI = Vector.AsVectorInt32(hi);
                if (signed)
                {
                    loI = Vector.ShiftRightArithmetic(Vector.ShiftLeft(loI, up), up);
                    hiI = Vector.ShiftRightArithmetic(Vector.ShiftLeft(hiI, up), up);
                }

                (Vector.ConvertToSingle(loI) * slopeV + interceptV).CopyTo(dst[i..]);
                (Vector.ConvertToSingle(hiI) * slopeV + interceptV).CopyTo(dst[(i + half)..]);
            }
        }

        for (; i < count; i++)
        {
            ushort raw = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(src[(i * 2)..]) : BinaryPrimitives.ReadUInt16BigEndian(src[(i * 2)..]);
            dst[i] = (float)((Extract(raw, shift, bits, signed) * slope) + intercept);
        }
    }
}
