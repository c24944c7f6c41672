using System.Buffers;

namespace H3deMl.Core.IO.Dicom;

/// <summary>Reads DICOM files from disk: a header-only parse that reads as little of the file as it can, and a full parse
/// into a pooled buffer.</summary>
internal static class DicomFileLoader
{
    /// <summary>Bytes read first for a header-only parse; doubled until the header fits.</summary>
    private const int InitialHeaderBytes = 8 * 1024;

    /// <summary>Parses a file's header up to its pixel data element (whose value is not read); null when the file does not
    /// start like a DICOM file and <paramref name="throwIfNotDicom"/> is false.</summary>
    public static DicomFile? ReadHeader(string path, bool throwIfNotDicom)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        long length = stream.Length;
        int want = (int)Math.Min(length, InitialHeaderBytes);
        byte[] buffer = new byte[want];
        int filled = ReadAtLeast(stream, buffer, 0, want);
        if (!DicomParser.IsDicom(buffer.AsSpan(0, Math.Min(filled, 132))))
        {
            if (!throwIfNotDicom)
            {
                return null;
            }

            throw DicomThrowHelper.Invalid(path, "not a DICOM file: no \"DICM\" magic at byte 128 and no DICOM element at the start (expected a Part 10 file or a raw dataset)", 0);
        }

        while (true)
        {
            try
            {
                return new DicomParser(path, buffer.AsMemory(0, filled), length, headerOnly: true).ParseFile();
            }
            catch (DicomNeedMoreDataException more)
            {
                if (filled >= length)
                {
                    throw; // cannot happen: a whole-file buffer never asks for more
                }

                int next = more.WholeFile || length > Array.MaxLength ? (int)Math.Min(length, Array.MaxLength) : (int)Math.Min(length, (long)filled * 4);
                Array.Resize(ref buffer, next);
                int read = ReadAtLeast(stream, buffer, filled, next - filled);
                if (read == 0)
                {
                    throw DicomThrowHelper.Invalid(path, $"the file ended after {filled:N0} of {length:N0} bytes while it was read; it is being written or truncated", filled);
                }

                filled += read;
            }
        }
    }

    /// <summary>Reads a whole file into a rented buffer (return it with <see cref="ArrayPool{T}.Return"/>).</summary>
    public static byte[] ReadAll(string path, out int length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (stream.Length > Array.MaxLength)
        {
            throw DicomThrowHelper.Unsupported(path, $"the file is {stream.Length:N0} bytes; files over {Array.MaxLength:N0} bytes are not read");
        }

        length = (int)stream.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        int read = ReadAtLeast(stream, buffer, 0, length);
        if (read != length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw DicomThrowHelper.Invalid(path, $"the file shrank while it was read ({read:N0} of {length:N0} bytes)");
        }

        return buffer;
    }

    private static int ReadAtLeast(Stream stream, byte[] buffer, int offset, int count)
    {
        int total = 0;
        while (total < count)
        {
            int n = stream.Read(buffer, offset + total, count - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
