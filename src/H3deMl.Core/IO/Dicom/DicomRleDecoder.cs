using System.Buffers.Binary;
using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): a 64-byte header of 16 little-endian uint32 (segment count, then up to 15 segment
/// offsets), and one PackBits-coded segment per byte plane: for each sample, its most significant byte first. The decoded
/// frame is written in native little-endian, pixel-interleaved order, ready for <see cref="DicomNativeDecoder"/>.
/// </summary>
internal static class DicomRleDecoder
{
    public static void Decode(ReadOnlySpan<byte> frame, DicomPixelFormat format, string path, long offset, Span<byte> destination)
    {
        if (format.BitsAllocated is not (8 or 16 or 32) || format.IsFloat)
        {
            throw DicomThrowHelper.Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"RLE Lossless with BitsAllocated {format.BitsAllocated} is not read (expected 8, 16 or 32)"), DicomTags.PixelData);
        }

        int bytesPerSample = format.BitsAllocated / 8;
        int spp = format.SamplesPerPixel;
        int segmentsExpected = bytesPerSample * spp;
        int pixels = format.PixelsPerFrame;
        if (frame.Length < 64)
        {
            DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"the RLE frame is {frame.Length} bytes, shorter than its 64-byte header; the data is truncated"), offset, DicomTags.PixelData);
        }

        uint segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != segmentsExpected)
        {
            DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"the RLE header declares {segments} segments but BitsAllocated {format.BitsAllocated} × SamplesPerPixel {spp} needs {segmentsExpected}"), offset, DicomTags.PixelData);
        }

        Span<uint> offsets = stackalloc uint[16];
        for (int s = 0; s < segmentsExpected; s++)
        {
            offsets[s] = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + (4 * s))..]);
            if (offsets[s] < 64 || offsets[s] > frame.Length || (s > 0 && offsets[s] < offsets[s - 1]))
            {
                DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"RLE segment {s} starts at byte {offsets[s]} of a {frame.Length}-byte frame (expected increasing offsets from 64 within the frame)"), offset, DicomTags.PixelData);
            }
        }

        for (int s = 0; s < segmentsExpected; s++)
        {
            int start = (int)offsets[s];
            int end = s + 1 < segmentsExpected ? (int)offsets[s + 1] : frame.Length;
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segments go most significant byte first
            int stride = bytesPerSample * spp;
            int first = (sample * bytesPerSample) + byteInSample;
            DecodeSegment(frame[start..end], destination, first, stride, pixels, path, offset + start, s);
        }
    }

    /// <summary>PackBits: a header byte n in 0..127 copies the next n + 1 bytes, −127..−1 repeats the next byte 1 − n
    /// times, −128 does nothing. Writes exactly <paramref name="count"/> bytes at <paramref name="first"/> + i·stride.</summary>
    private static void DecodeSegment(ReadOnlySpan<byte> src, Span<byte> dst, int first, int stride, int count, string path, long offset, int segment)
    {
        int produced = 0;
        int i = 0;
        int o = first;
        while (produced < count)
        {
            if (i >= src.Length)
            {
                DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"RLE segment {segment} ends after {produced} of {count} bytes; the data is truncated or corrupt"), offset, DicomTags.PixelData);
            }

            int n = (sbyte)src[i++];
            if (n >= 0)
            {
                int run = Math.Min(n + 1, count - produced); // a run past the frame's end is clipped (some encoders overrun)
                if (i + run > src.Length)
                {
                    DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"RLE segment {segment}: a literal run of {run} bytes at byte {i - 1} runs past the segment; the data is truncated or corrupt"), offset, DicomTags.PixelData);
                }

                if (stride == 1)
                {
                    src.Slice(i, run).CopyTo(dst.Slice(o, run));
                    o += run;
                }
                else
                {
                    for (int r = 0; r < run; r++, o += stride)
                    {
                        dst[o] = src[i + r];
                    }
                }

                i += run;
                produced += run;
            }
            else if (n != -128)
            {
                int run = Math.Min(1 - n, count - produced);
                if (i >= src.Length)
                {
                    DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"RLE segment {segment}: a repeat run of {run} bytes at byte {i - 1} runs past the segment or the frame; the data is corrupt"), offset, DicomTags.PixelData);
                }

                byte value = src[i++];
                if (stride == 1)
                {
                    dst.Slice(o, run).Fill(value);
                    o += run;
                }
                else
                {
                    for (int r = 0; r < run; r++, o += stride)
                    {
                        dst[o] = value;
                    }
                }

                produced += run;
            }
        }
    }
}
