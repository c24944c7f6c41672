using System.Buffers.Binary;
using System.Globalization;

namespace H3deMl.Core.IO.Dicom;

/// <summary>Locates the frames of encapsulated pixel data (PS3.5 §A.4): by the Basic Offset Table when it is filled in,
/// else one fragment per frame when the counts agree, else (JPEG) by the fragments that start with an SOI marker.</summary>
internal static class DicomPixelFrames
{
    /// <summary>The fragments (index into the data fragments, i.e. after the offset table, and count) of each frame.</summary>
    public static (int First, int Count)[] Locate(DicomElement pixelData, int frameCount, string path)
    {
        List<ReadOnlyMemory<byte>> all = pixelData.Fragments!;
        ReadOnlySpan<byte> offsetTable = all[0].Span;
        int fragments = all.Count - 1;
        if (fragments < 1)
        {
            DicomThrowHelper.ThrowInvalid(path, "the encapsulated pixel data holds no fragments", pixelData.Offset, pixelData.Tag);
        }

        var frames = new (int First, int Count)[frameCount];
        if (frameCount == 1)
        {
            frames[0] = (0, fragments);
            return frames;
        }

        if (offsetTable.Length >= 4 * frameCount)
        {
            // Offsets are measured from the first byte of the first data fragment's item tag.
            var starts = new long[fragments + 1];
            for (int i = 0; i < fragments; i++)
            {
                starts[i + 1] = starts[i] + 8 + all[i + 1].Length;
            }

            int fragment = 0;
            for (int f = 0; f < frameCount; f++)
            {
                long begin = BinaryPrimitives.ReadUInt32LittleEndian(offsetTable[(4 * f)..]);
                long end = f + 1 < frameCount ? BinaryPrimitives.ReadUInt32LittleEndian(offsetTable[(4 * (f + 1))..]) : starts[fragments];
                int first = Array.BinarySearch(starts, 0, fragments, begin);
                if (first < 0 || end < begin || first < fragment)
                {
                    DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"Basic Offset Table entry {f} ({begin}) does not point at the start of a fragment"), pixelData.Offset, pixelData.Tag);
                }

                int last = first;
                while (last < fragments && starts[last] < end)
                {
                    last++;
                }

                frames[f] = (first, Math.Max(1, last - first));
                fragment = last;
            }

            return frames;
        }

        if (fragments == frameCount)
        {
            for (int f = 0; f < frameCount; f++)
            {
                frames[f] = (f, 1);
            }

            return frames;
        }

        // No offset table and more fragments than frames: a JPEG frame starts with FFD8.
        int found = 0;
        for (int i = 0; i < fragments && found <= frameCount; i++)
        {
            ReadOnlySpan<byte> span = all[i + 1].Span;
            if (span.Length >= 2 && span[0] == 0xFF && span[1] == 0xD8)
            {
                if (found < frameCount)
                {
                    frames[found] = (i, 1);
                }

                found++;
            }
            else if (found > 0 && found <= frameCount)
            {
                frames[found - 1].Count++;
            }
        }

        if (found != frameCount)
        {
            DicomThrowHelper.ThrowInvalid(path, string.Create(CultureInfo.InvariantCulture, $"cannot tell the {frameCount} frames apart: {fragments} fragments, an empty Basic Offset Table and {found} JPEG start markers"), pixelData.Offset, pixelData.Tag);
        }

        return frames;
    }

    /// <summary>The bytes of a frame: the fragment itself, or the fragments joined.</summary>
    public static ReadOnlyMemory<byte> Join(DicomElement pixelData, (int First, int Count) frame)
    {
        List<ReadOnlyMemory<byte>> all = pixelData.Fragments!;
        if (frame.Count == 1)
        {
            return all[frame.First + 1];
        }

        int total = 0;
        for (int i = 0; i < frame.Count; i++)
        {
            total += all[frame.First + 1 + i].Length;
        }

        byte[] joined = new byte[total];
        int at = 0;
        for (int i = 0; i < frame.Count; i++)
        {
            ReadOnlySpan<byte> part = all[frame.First + 1 + i].Span;
            part.CopyTo(joined.AsSpan(at));
            at += part.Length;
        }

        return joined;
    }
}
