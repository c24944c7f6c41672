using System.Buffers.Binary;
using System.Text;

namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// A protobuf wire encoder. In counting mode (no stream) it only adds up the bytes it would write, which is how a
/// nested message learns its length prefix: the message is written once to a counting writer, then for real. Sizes
/// are cached per message instance, so every message is counted once however deep it is nested.
/// </summary>
internal sealed class OnnxWireWriter
{
    private readonly Stream? _stream;
    private readonly byte[] _buffer;
    private int _used;

    private readonly Dictionary<IOnnxMessage, long> _sizes;

    private OnnxWireWriter(Stream? stream, Dictionary<IOnnxMessage, long> sizes)
    {
        _stream = stream;
        _buffer = stream is null ? [] : new byte[1 << 16];
        _sizes = sizes;
    }

    /// <summary>Bytes written (or counted) so far.</summary>
    public long Position { get; private set; }

    /// <summary>A writer that encodes into <paramref name="stream"/>; call <see cref="Flush"/> at the end.</summary>
    public static OnnxWireWriter ForStream(Stream stream) =>
        new(stream ?? throw new ArgumentNullException(nameof(stream)), new(ReferenceEqualityComparer.Instance));

    /// <summary>The encoded size of <paramref name="message"/> in bytes.</summary>
    public static long SizeOf(IOnnxMessage message) => new OnnxWireWriter(null, new(ReferenceEqualityComparer.Instance)).CachedSize(message);

    private long CachedSize(IOnnxMessage message)
    {
        if (_sizes.TryGetValue(message, out var size)) return size;
        var counter = new OnnxWireWriter(null, _sizes);
        message.WriteTo(counter);
        _sizes[message] = counter.Position;
        return counter.Position;
    }

    /// <summary>The encoded size of <paramref name="value"/> as a varint.</summary>
    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80) { value >>= 7; size++; }
        return size;
    }

    /// <summary>Writes any buffered bytes to the stream.</summary>
    public void Flush()
    {
        if (_stream is null || _used == 0) return;
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Writes a field tag.</summary>
    public void WriteTag(int field, WireType wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    /// <summary>Writes a base-128 varint.</summary>
    public void WriteVarint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        WriteRaw(bytes[..n]);
    }

    /// <summary>Writes raw bytes (no tag, no length).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Position += bytes.Length;
        if (_stream is null) return;
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Writes an int64/int32/enum field as a varint (negative values take ten bytes, as protobuf does).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>Writes a uint64 field as a varint.</summary>
    public void WriteUInt64(int field, ulong value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(value);
    }

    /// <summary>Writes a float field (fixed32).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        WriteRaw(bytes);
    }

    /// <summary>Writes a length-delimited bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void WriteString(int field, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)count);
        if (_stream is null)
        {
            Position += count;
            return;
        }
        WriteRaw(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Writes the string field only when it is neither null nor empty.</summary>
    public void WriteOptionalString(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value)) WriteString(field, value);
    }

    /// <summary>Writes a nested message field (tag, length, body).</summary>
    public void WriteMessage(int field, IOnnxMessage message)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)CachedSize(message));
        message.WriteTo(this);
    }

    /// <summary>Writes each message of a repeated message field.</summary>
    public void WriteMessages<T>(int field, IReadOnlyList<T> messages) where T : IOnnxMessage
    {
        for (var i = 0; i < messages.Count; i++) WriteMessage(field, messages[i]);
    }

    /// <summary>Writes a packed repeated int64 field (nothing when empty).</summary>
    public void WritePackedInt64(int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0) return;
        long size = 0;
        for (var i = 0; i < values.Count; i++) size += VarintSize((ulong)values[i]);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)size);
        for (var i = 0; i < values.Count; i++) WriteVarint((ulong)values[i]);
    }

    /// <summary>Writes a packed repeated int32 field (nothing when empty).</summary>
    public void WritePackedInt32(int field, IReadOnlyList<int> values)
    {
        if (values.Count == 0) return;
        long size = 0;
        for (var i = 0; i < values.Count; i++) size += VarintSize((ulong)(long)values[i]);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)size);
        for (var i = 0; i < values.Count; i++) WriteVarint((ulong)(long)values[i]);
    }

    /// <summary>Writes a packed repeated uint64 field (nothing when empty).</summary>
    public void WritePackedUInt64(int field, IReadOnlyList<ulong> values)
    {
        if (values.Count == 0) return;
        long size = 0;
        for (var i = 0; i < values.Count; i++) size += VarintSize(values[i]);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)size);
        for (var i = 0; i < values.Count; i++) WriteVarint(values[i]);
    }

    /// <summary>Writes a packed repeated float field (nothing when empty).</summary>
    public void WritePackedFloat(int field, IReadOnlyList<float> values)
    {
        if (values.Count == 0) return;
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)values.Count * 4);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, values[i]);
            WriteRaw(bytes);
        }
    }

    /// <summary>Writes a packed repeated double field (nothing when empty).</summary>
    public void WritePackedDouble(int field, IReadOnlyList<double> values)
    {
        if (values.Count == 0) return;
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)values.Count * 8);
        Span<byte> bytes = stackalloc byte[8];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, values[i]);
            WriteRaw(bytes);
        }
    }
}
