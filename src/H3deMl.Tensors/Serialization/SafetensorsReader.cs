using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace H3deMl.Tensors.Serialization;

/// <summary>
/// Reads safetensors files (the format of <see cref="SafetensorsWriter"/>, Hugging Face and <c>safetensors.torch</c>) into
/// float32 tensors, validating the header completely before any tensor data is allocated.
/// </summary>
/// <remarks>
/// <para>Checks, each failing with a <see cref="ModelFormatException"/> that names the file, the field and what to do:
/// the 8-byte header length is present, at most 100,000,000 bytes and within the file; the header is valid UTF-8 and JSON whose
/// top level is an object; no name appears twice; <c>__metadata__</c>, when present, maps strings to strings; each tensor
/// has a known <c>dtype</c>, a <c>shape</c> of at most 6 non-negative integers and <c>data_offsets</c> [begin, end] with
/// begin ≤ end; end − begin equals the element count × the dtype's size; sorted by offset, the tensors neither overlap
/// nor leave gaps, start at 0 and end exactly where the file ends (so a truncated file and trailing bytes are both
/// errors).</para>
/// <para>F32 is read as is; F16, BF16 and F64 are converted to float32 (F64 rounds to nearest). Other dtypes (integers,
/// booleans, 8-bit floats) raise an error naming the tensor and its dtype.</para>
/// </remarks>
public static class SafetensorsReader
{
    /// <summary>The reserved header key of the string-to-string metadata.</summary>
    internal const string MetadataKey = "__metadata__";

    /// <summary>The largest header we accept (the limit of the reference implementation).</summary>
    internal const long MaxHeaderBytes = 100_000_000;

    private const int MaxRank = 6;

    /// <summary>Reads the safetensors file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors (float32) and metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is truncated, inconsistent or uses an unsupported dtype; the message says which and where.</exception>
    public static SafetensorsContent Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(fs, path);
    }

    /// <summary>Reads a safetensors file from <paramref name="stream"/>, starting at its current position (the stream is left open).</summary>
    /// <param name="stream">A readable stream; when it is seekable its length is checked against the header before reading the data,
    /// otherwise the data is read until its declared end and one more byte is tried, so trailing bytes are still detected.</param>
    /// <param name="sourceName">The name used in error messages (e.g. the file or zip entry), or null for "(stream)".</param>
    /// <returns>The tensors (float32) and metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="ModelFormatException">The content is truncated, inconsistent or uses an unsupported dtype; the message says which and where.</exception>
    public static SafetensorsContent Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        var source = sourceName ?? "(stream)";
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;

        // 1. Header length.
        Span<byte> lengthBytes = stackalloc byte[8];
        var got = ReadFully(stream, lengthBytes);
        if (got < 8)
            SafetensorsThrowHelper.Invalid(source, $"the file is {got} bytes long, too short for the 8-byte header length that starts a safetensors file; the file is truncated or not a safetensors file.", "header length", 0);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            SafetensorsThrowHelper.Invalid(source, $"the header length is {headerLength:N0} bytes, outside the valid range 2 to {MaxHeaderBytes:N0}; this is not a safetensors file or its first 8 bytes are damaged.", "header length", 0);
        if (available is { } avail && (long)headerLength > avail - 8)
            SafetensorsThrowHelper.Invalid(source, $"the header length is {headerLength:N0} bytes but only {Math.Max(0, avail - 8):N0} bytes follow the length field; the file is truncated or not a safetensors file.", "header length", 0);

        // 2. Header JSON.
        var header = new byte[headerLength];
        got = ReadFully(stream, header);
        if (got < header.Length) SafetensorsThrowHelper.Truncated(source, "the JSON header", header.Length, got, 8 + got);
        var (entries, metadata) = ParseHeader(source, header);

        // 3. Layout: sorted by offset, the tensors must tile the buffer exactly.
        var dataStart = 8 + (long)headerLength;
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        Entry? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < expected)
                SafetensorsThrowHelper.Invalid(source, $"tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}], which overlap '{previous!.Name}' [{previous.Begin}, {previous.End}]; the header is inconsistent.", "data_offsets", dataStart + e.Begin);
            if (e.Begin > expected)
                SafetensorsThrowHelper.Invalid(source, $"bytes {expected:N0} to {e.Begin:N0} of the data buffer belong to no tensor (gap before '{e.Name}'); the header is inconsistent.", "data_offsets", dataStart + expected);
            expected = e.End;
            previous = e;
        }
        var bufferLength = expected;
        if (available is { } total)
        {
            var follows = total - dataStart;
            if (follows < bufferLength)
                SafetensorsThrowHelper.Invalid(source, $"the header describes {bufferLength:N0} bytes of tensor data but only {follows:N0} follow it; the file is truncated, copy or download it again.", "data_offsets", total);
            if (follows > bufferLength)
                SafetensorsThrowHelper.Invalid(source, $"the header describes {bufferLength:N0} bytes of tensor data but {follows:N0} follow it; {follows - bufferLength:N0} trailing bytes belong to no tensor, so the header is inconsistent.", "data_offsets", dataStart + bufferLength);
        }

        foreach (var e in entries)
            if (!SafetensorsDType.IsReadable(e.DType))
                SafetensorsThrowHelper.Invalid(source, $"tensor '{e.Name}' has dtype {e.DType}, which we do not read; only F32, F16, BF16 and F64 can be loaded as float32 parameters. Convert the tensor to float32 before saving.", e.Name);

        // 4. Data, in offset order.
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        byte[]? scratch = null;
        foreach (var e in sorted)
        {
            var data = ReadTensorData(stream, e, source, dataStart + e.Begin, lengthUnknown: available is null, ref scratch);
            tensors.Add(e.Name, Tensor.Wrap(data, e.Shape));
        }
        if (available is null && stream.ReadByte() >= 0)
            SafetensorsThrowHelper.Invalid(source, $"bytes follow the {bufferLength:N0} bytes of tensor data the header describes; they belong to no tensor, so the header is inconsistent.", "data_offsets", dataStart + bufferLength);

        var ordered = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in sorted) ordered.Add(e.Name, tensors[e.Name]);
        return new SafetensorsContent(source, ordered, metadata);
    }

    /// <summary>Reads one tensor's values in chunks (a single span over more than 2^31 bytes cannot be made). From a
    /// stream of unknown length the array grows with the bytes that actually arrive, so a header cannot make the reader
    /// allocate what the stream does not hold.</summary>
    private static float[] ReadTensorData(Stream stream, Entry e, string source, long position, bool lengthUnknown, ref byte[]? scratch)
    {
        const int ChunkElements = 1 << 16;
        var elementSize = SafetensorsDType.SizeOf(e.DType);
        var byteCount = e.End - e.Begin;
        var data = new float[lengthUnknown ? Math.Min(e.Count, InitialStreamElements) : e.Count];
        scratch ??= new byte[ChunkElements * 8];
        long done = 0;
        for (var start = 0; start < e.Count; start += ChunkElements)
        {
            var n = Math.Min(ChunkElements, e.Count - start);
            if (start + n > data.Length) Array.Resize(ref data, (int)Math.Min(e.Count, 2L * data.Length));
            var bytes = scratch.AsSpan(0, n * elementSize);
            var got = ReadFully(stream, bytes);
            if (got < bytes.Length) SafetensorsThrowHelper.Truncated(source, $"the data of tensor '{e.Name}'", byteCount, done + got, position + done + got);
            Convert(e.DType, bytes, data.AsSpan(start, n));
            done += bytes.Length;
        }
        return data;
    }

    /// <summary>Values allocated per tensor before its data arrives from a stream of unknown length (16 MB).</summary>
    private const int InitialStreamElements = 1 << 22;

    private sealed record Entry(string Name, string DType, int[] Shape, int Count, long Begin, long End);

    private static (List<Entry> Entries, OrderedDictionary<string, string> Metadata) ParseHeader(string source, byte[] header)
    {
        if (header[0] != (byte)'{')
            SafetensorsThrowHelper.Invalid(source, $"the header does not start with '{{' (found byte 0x{header[0]:X2}); this is not a safetensors file.", "header", 8);
        var utf16 = new char[header.Length];
        if (System.Text.Unicode.Utf8.ToUtf16(header, utf16, out var validBytes, out _, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
            SafetensorsThrowHelper.Invalid(source, $"the header is not valid UTF-8 (bad byte 0x{header[validBytes]:X2} at header byte {validBytes:N0}); the file is damaged.", "header", 8 + validBytes);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            SafetensorsThrowHelper.Invalid(source, $"the header is not valid JSON ({ex.Message}); the file is damaged.", "header", 8, ex);
            throw; // unreachable
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                SafetensorsThrowHelper.Invalid(source, $"the header is a JSON {root.ValueKind}, not an object.", "header", 8);
            var names = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var prop in root.EnumerateObject())
            {
                if (!names.Add(prop.Name))
                    SafetensorsThrowHelper.Invalid(source, $"the header names '{prop.Name}' twice; each tensor name must be unique.", prop.Name, 8);
                if (prop.Name == MetadataKey)
                {
                    ParseMetadata(source, prop.Value, metadata);
                    continue;
                }
                entries.Add(ParseEntry(source, prop.Name, prop.Value));
            }
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(string source, JsonElement value, OrderedDictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            SafetensorsThrowHelper.Invalid(source, $"'{MetadataKey}' is a JSON {value.ValueKind}; it must be an object of strings.", MetadataKey, 8);
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                SafetensorsThrowHelper.Invalid(source, $"metadata entry '{m.Name}' is a JSON {m.Value.ValueKind}; metadata values must be strings.", MetadataKey, 8);
            if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                SafetensorsThrowHelper.Invalid(source, $"metadata key '{m.Name}' appears twice.", MetadataKey, 8);
        }
    }

    private static Entry ParseEntry(string source, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' is described by a JSON {value.ValueKind}; expected an object with dtype, shape and data_offsets.", name, 8);
        if (!value.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has no string 'dtype'.", "dtype", 8);
        var dtype = dtypeEl.GetString()!;
        var size = SafetensorsDType.SizeOf(dtype);
        if (size == 0)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has dtype '{dtype}', which the safetensors format does not define (known: {SafetensorsDType.KnownNames}).", "dtype", 8);

        if (!value.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has no 'shape' array.", "shape", 8);
        var rank = shapeEl.GetArrayLength();
        if (rank > MaxRank)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has rank {rank}; tensors have at most {MaxRank} axes.", "shape", 8);
        var shape = new int[rank];
        long count = 1;
        var i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            var v = -1;
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out v) || v < 0)
                SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has shape entry {d.GetRawText()}; shape entries must be non-negative integers below 2³¹.", "shape", 8);
            shape[i++] = v;
            count *= v;
            if (count > Array.MaxLength)
                SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has shape {FormatShape(shape, i)}… with more than {Array.MaxLength:N0} elements, more than a tensor can hold.", "shape", 8);
        }

        if (!value.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has no 'data_offsets' array of two integers.", "data_offsets", 8);
        var begin = ReadOffset(source, name, offEl[0]);
        var end = ReadOffset(source, name, offEl[1]);
        if (end < begin)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has data_offsets [{begin}, {end}] with end before begin.", "data_offsets", 8);
        var needed = count * size;
        if (end - begin != needed)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has shape {FormatShape(shape, rank)} of {dtype} ({needed:N0} bytes) but data_offsets [{begin}, {end}] span {end - begin:N0} bytes; the header is inconsistent.", "data_offsets", 8);
        return new Entry(name, dtype, shape, (int)count, begin, end);
    }

    private static long ReadOffset(string source, string name, JsonElement e)
    {
        var v = -1L;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out v) || v < 0)
            SafetensorsThrowHelper.Invalid(source, $"tensor '{name}' has data offset {e.GetRawText()}; offsets must be non-negative integers.", "data_offsets", 8);
        return v;
    }

    private static string FormatShape(int[] shape, int n) => "[" + string.Join(", ", shape.Take(n)) + "]";

    private static void Convert(string dtype, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        switch (dtype)
        {
            case SafetensorsDType.Float32:
                for (var i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
                break;
            case "F16":
                for (var i = 0; i < destination.Length; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(2 * i, 2));
                break;
            case "BF16":
                for (var i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i, 2)) << 16);
                break;
            case "F64":
                for (var i = 0; i < destination.Length; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(8 * i, 8));
                break;
            default:
                throw new InvalidOperationException($"Internal error: no conversion from {dtype}.");
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
