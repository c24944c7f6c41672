using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace H3deMl.Tensors.Serialization;

/// <summary>
/// Writes tensors in the safetensors format, the parameter file Hugging Face and PyTorch users exchange
/// (<c>safetensors.torch.load_file</c> reads what this writes).
/// </summary>
/// <remarks>
/// <para>Layout (version 1 of our writer; all integers little endian):</para>
/// <code>
/// bytes 0..7      N, the header length (unsigned 64-bit)
/// bytes 8..8+N    UTF-8 JSON header, padded with spaces so that 8 + N is a multiple of 8:
///                 {"__metadata__": {"key": "value", …},                       (omitted when there is no metadata)
///                  "name": {"dtype": "F32", "shape": [d0, d1, …], "data_offsets": [begin, end]}, …}
/// bytes 8+N..     the tensors' data, row-major float32, back to back without gaps;
///                 offsets count from the start of this buffer, end − begin = 4 × element count
/// </code>
/// <para>The header lists <c>__metadata__</c> first and then the tensors in the order given, and the data follows the
/// same order, so the same tensors and metadata always give the same bytes. A <see cref="H3deMl.Tensors.NN.Module"/>'s
/// state dict gives PyTorch's key order.</para>
/// </remarks>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to the file <paramref name="path"/>, replacing it atomically (written to a temporary file, then moved).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="tensors">Name and tensor pairs in file order; names unique, non-empty and not "__metadata__".</param>
    /// <param name="metadata">String entries for <c>__metadata__</c>, or null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="tensors"/> is null, or a tensor or metadata value is null.</exception>
    /// <exception cref="ArgumentException">A name is empty, reserved or repeated.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = Validate(tensors, metadata);
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteCore(fs, entries, metadata);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="stream"/> at its current position (the stream is left open).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="tensors">Name and tensor pairs in file order; names unique, non-empty and not "__metadata__".</param>
    /// <param name="metadata">String entries for <c>__metadata__</c>, or null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="tensors"/> is null, or a tensor or metadata value is null.</exception>
    /// <exception cref="ArgumentException">A name is empty, reserved or repeated, or the stream is not writable.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        var entries = Validate(tensors, metadata);
        WriteCore(stream, entries, metadata);
    }

    private static List<KeyValuePair<string, Tensor>> Validate(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, t) in list)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A tensor name cannot be null or empty.", nameof(tensors));
            if (name == SafetensorsReader.MetadataKey) throw new ArgumentException($"'{SafetensorsReader.MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));
            if (!names.Add(name)) throw new ArgumentException($"The tensor name '{name}' appears twice.", nameof(tensors));
            ArgumentNullException.ThrowIfNull(t, $"{nameof(tensors)}[\"{name}\"]");
        }
        if (metadata is not null)
            foreach (var (k, v) in metadata)
            {
                ArgumentNullException.ThrowIfNull(k, nameof(metadata));
                ArgumentNullException.ThrowIfNull(v, $"{nameof(metadata)}[\"{k}\"]");
            }
        return list;
    }

    private static void WriteCore(Stream stream, List<KeyValuePair<string, Tensor>> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = BuildHeader(entries, metadata);
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
        stream.Write(lengthBytes);
        stream.Write(header);
        foreach (var (_, t) in entries)
        {
            var data = t.IsContiguous ? t.AsReadOnlySpan() : t.ToArray();
            WriteFloats(stream, data);
        }
    }

    internal static void WriteFloats(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        var buffer = new byte[Math.Min(data.Length, 1 << 14) * 4];
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, buffer.Length / 4);
            for (var i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), data[i]);
            stream.Write(buffer, 0, 4 * n);
            data = data[n..];
        }
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false }))
        {
            w.WriteStartObject();
            if (metadata is not null && metadata.Count > 0)
            {
                w.WriteStartObject(SafetensorsReader.MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in entries)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", SafetensorsDType.Float32);
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                var end = offset + 4L * t.Length;
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(end);
                w.WriteEndArray();
                w.WriteEndObject();
                offset = end;
            }
            w.WriteEndObject();
        }
        var padding = (int)((8 - ((8 + ms.Length) % 8)) % 8);
        for (var i = 0; i < padding; i++) ms.WriteByte((byte)' ');
        return ms.ToArray();
    }
}
