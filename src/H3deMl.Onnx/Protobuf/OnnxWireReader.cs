using System.Buffers.Binary;
using System.Text;

namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// A protobuf wire decoder over an in-memory buffer for untrusted input: every length prefix is checked against the
/// bytes left in the enclosing message before use, nesting depth and message/element counts are bounded by
/// <see cref="OnnxReadLimits"/>, repeated scalars are accepted packed or unpacked, and unknown fields are skipped.
/// Bytes fields are returned as slices of the input buffer (no copy).
/// </summary>
internal sealed class OnnxWireReader
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private int _position;
    private int _limit;
    private int _depth;
    private int _messages;

    /// <summary>Creates a reader over <paramref name="buffer"/>.</summary>
    public OnnxWireReader(ReadOnlyMemory<byte> buffer, OnnxReadLimits limits)
    {
        if (buffer.Length > limits.MaxModelBytes)
            throw new InvalidDataException($"the file has {buffer.Length} bytes, more than the limit of {limits.MaxModelBytes}.");
        _buffer = buffer;
        _limit = buffer.Length;
        Limits = limits;
    }

    /// <summary>The bounds in force.</summary>
    public OnnxReadLimits Limits { get; }

    /// <summary>Reads a whole top-level message that fills the buffer.</summary>
    public static T ReadRoot<T>(ReadOnlyMemory<byte> buffer, OnnxReadLimits? limits = null) where T : IOnnxMessage, new()
    {
        var reader = new OnnxWireReader(buffer, limits ?? OnnxReadLimits.Default);
        var message = new T();
        reader.ReadBody(message);
        return message;
    }

    /// <summary>Reads the next tag, or returns false at the end of the current message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (_position >= _limit)
        {
            field = 0;
            wireType = default;
            return false;
        }
        var tag = ReadVarint();
        if (tag > uint.MaxValue) throw Error("a field tag does not fit 32 bits.");
        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (field == 0) throw Error("field number 0 is not valid.");
        if ((int)wireType > 5) throw Error($"unknown wire type {(int)wireType} for field {field}.");
        return true;
    }

    /// <summary>Reads a base-128 varint (at most ten bytes).</summary>
    public ulong ReadVarint()
    {
        var span = _buffer.Span;
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _limit) throw Error("a varint runs past the end of its message.");
            var b = span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Error("a varint is longer than ten bytes.");
    }

    /// <summary>Reads an int64 (or int32/enum, sign-extended by the writer) varint.</summary>
    public long ReadInt64() => (long)ReadVarint();

    /// <summary>Reads an int32 varint (the low 32 bits, as protobuf does).</summary>
    public int ReadInt32() => (int)ReadVarint();

    /// <summary>Reads a fixed32 float.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4).Span);

    /// <summary>Reads a fixed64 double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8).Span);

    /// <summary>Reads a length-delimited bytes field as a slice of the input.</summary>
    public ReadOnlyMemory<byte> ReadBytes() => Take(ReadLength());

    /// <summary>Reads a length-delimited UTF-8 string (at most <see cref="OnnxReadLimits.MaxStringBytes"/>).</summary>
    public string ReadString()
    {
        var length = ReadLength();
        if (length > Limits.MaxStringBytes)
            throw Error($"a string of {length} bytes exceeds the limit of {Limits.MaxStringBytes}.");
        return Encoding.UTF8.GetString(Take(length).Span);
    }

    /// <summary>Reads a string-valued field stored as bytes (ONNX's <c>s</c>, <c>strings</c>, <c>string_data</c>).</summary>
    public byte[] ReadByteString()
    {
        var length = ReadLength();
        if (length > Limits.MaxStringBytes)
            throw Error($"a string of {length} bytes exceeds the limit of {Limits.MaxStringBytes}.");
        return Take(length).ToArray();
    }

    /// <summary>Reads a nested message of the given wire type into a new <typeparamref name="T"/>.</summary>
    public T ReadMessage<T>(WireType wireType) where T : IOnnxMessage, new()
    {
        Expect(wireType, WireType.LengthDelimited);
        var length = ReadLength();
        if (++_depth > Limits.MaxNestingDepth)
            throw Error($"messages are nested deeper than the limit of {Limits.MaxNestingDepth}.");
        var outer = _limit;
        _limit = _position + length;
        var message = new T();
        ReadBody(message);
        _limit = outer;
        _depth--;
        return message;
    }

    /// <summary>Reads an int64 element or a packed run of them into <paramref name="list"/>.</summary>
    public void ReadRepeatedInt64(List<long> list, WireType wireType)
    {
        if (wireType == WireType.Varint)
        {
            Add(list, ReadInt64());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        var end = PackedEnd(out var length);
        Reserve(list, length); // at most one element per byte
        while (_position < end) Add(list, ReadInt64Within(end));
    }

    /// <summary>Reads an int32 element or a packed run of them into <paramref name="list"/>.</summary>
    public void ReadRepeatedInt32(List<int> list, WireType wireType)
    {
        if (wireType == WireType.Varint)
        {
            Add(list, ReadInt32());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        var end = PackedEnd(out var length);
        Reserve(list, length);
        while (_position < end) Add(list, (int)ReadInt64Within(end));
    }

    /// <summary>Reads a uint64 element or a packed run of them into <paramref name="list"/>.</summary>
    public void ReadRepeatedUInt64(List<ulong> list, WireType wireType)
    {
        if (wireType == WireType.Varint)
        {
            Add(list, ReadVarint());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        var end = PackedEnd(out var length);
        Reserve(list, length);
        while (_position < end) Add(list, (ulong)ReadInt64Within(end));
    }

    /// <summary>Reads a float element or a packed run of them into <paramref name="list"/>.</summary>
    public void ReadRepeatedFloat(List<float> list, WireType wireType)
    {
        if (wireType == WireType.Fixed32)
        {
            Add(list, ReadFloat());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        var bytes = ReadBytes().Span;
        if (bytes.Length % 4 != 0) throw Error($"a packed float run of {bytes.Length} bytes is not a multiple of 4.");
        Reserve(list, bytes.Length / 4);
        for (var i = 0; i < bytes.Length; i += 4) Add(list, BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]));
    }

    /// <summary>Reads a double element or a packed run of them into <paramref name="list"/>.</summary>
    public void ReadRepeatedDouble(List<double> list, WireType wireType)
    {
        if (wireType == WireType.Fixed64)
        {
            Add(list, ReadDouble());
            return;
        }
        Expect(wireType, WireType.LengthDelimited);
        var bytes = ReadBytes().Span;
        if (bytes.Length % 8 != 0) throw Error($"a packed double run of {bytes.Length} bytes is not a multiple of 8.");
        Reserve(list, bytes.Length / 8);
        for (var i = 0; i < bytes.Length; i += 8) Add(list, BinaryPrimitives.ReadDoubleLittleEndian(bytes[i..]));
    }

    /// <summary>Checks the wire type of a scalar field and fails with a message naming the field.</summary>
    public void Expect(WireType actual, WireType expected)
    {
        if (actual != expected) throw Error($"wire type {actual} where {expected} was expected.");
    }

    /// <summary>Skips the value of an unknown field.</summary>
    public void Skip(int field, WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.Fixed32: Take(4); break;
            case WireType.LengthDelimited: Take(ReadLength()); break;
            case WireType.StartGroup:
                if (++_depth > Limits.MaxNestingDepth)
                    throw Error($"groups are nested deeper than the limit of {Limits.MaxNestingDepth}.");
                while (true)
                {
                    if (!TryReadTag(out var inner, out var innerType)) throw Error($"group {field} is not closed.");
                    if (innerType == WireType.EndGroup)
                    {
                        if (inner != field) throw Error($"group {field} is closed by field {inner}.");
                        break;
                    }
                    Skip(inner, innerType);
                }
                _depth--;
                break;
            default:
                throw Error($"unexpected end of group {field}.");
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> that states the byte offset.</summary>
    public InvalidDataException Error(string message) => new($"malformed ONNX protobuf at byte {_position}: {message}");

    private void ReadBody(IOnnxMessage message)
    {
        if (++_messages > Limits.MaxMessages)
            throw Error($"more than {Limits.MaxMessages} messages.");
        while (TryReadTag(out var field, out var wireType))
        {
            if (wireType == WireType.EndGroup) throw Error($"unexpected end of group {field}.");
            message.ReadField(this, field, wireType);
        }
        if (_position != _limit) throw Error("a field runs past the end of its message.");
        message.Validate(Limits);
    }

    private int ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)(_limit - _position))
            throw Error($"a length prefix of {length} bytes exceeds the {_limit - _position} bytes left in its message.");
        return (int)length;
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > _limit - _position)
            throw Error($"{count} bytes needed, {_limit - _position} left in the message.");
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    private int PackedEnd(out int length)
    {
        length = ReadLength();
        return _position + length;
    }

    private long ReadInt64Within(int end)
    {
        var outer = _limit;
        _limit = end;
        var value = ReadInt64();
        _limit = outer;
        return value;
    }

    private void Reserve<T>(List<T> list, int more) =>
        list.EnsureCapacity((int)Math.Min((long)list.Count + more, Limits.MaxRepeatedElements));

    private void Add<T>(List<T> list, T value)
    {
        if (list.Count >= Limits.MaxRepeatedElements)
            throw Error($"a repeated field has more than {Limits.MaxRepeatedElements} elements.");
        list.Add(value);
    }
}
