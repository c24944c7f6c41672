namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// A serialized tensor (<c>TensorProto</c>): dims = 1, data_type = 2, float_data = 4, int32_data = 5,
/// string_data = 6, int64_data = 7, name = 8, raw_data = 9, double_data = 10, uint64_data = 11, doc_string = 12,
/// external_data = 13, data_location = 14. Exactly one data representation is used; <see cref="RawData"/> holds the
/// little-endian bytes of every fixed-size type.
/// </summary>
/// <remarks>
/// On read the tensor is validated: non-negative dims within the rank limit, an element count that does not
/// overflow, the data's length equal to what the dims and type require, and external data confined to a relative
/// path without <c>..</c> segments (see <see cref="TensorExternalData"/>).
/// </remarks>
public sealed class TensorProto : IOnnxMessage
{
    /// <summary>The shape.</summary>
    public List<long> Dims { get; } = [];

    /// <summary>The element type.</summary>
    public TensorDataType DataType { get; set; }

    /// <summary>Float (and complex64) values.</summary>
    public List<float> FloatData { get; } = [];

    /// <summary>Int32 values, and the widened values of the narrower integer, bool and 16-bit float types.</summary>
    public List<int> Int32Data { get; } = [];

    /// <summary>String values (UTF-8 bytes).</summary>
    public List<byte[]> StringData { get; } = [];

    /// <summary>Int64 values.</summary>
    public List<long> Int64Data { get; } = [];

    /// <summary>The tensor's name (the graph value it initializes).</summary>
    public string Name { get; set; } = "";

    /// <summary>Documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>The little-endian bytes of the values, for any fixed-size type.</summary>
    public ReadOnlyMemory<byte> RawData { get; set; }

    /// <summary>Double (and complex128) values.</summary>
    public List<double> DoubleData { get; } = [];

    /// <summary>UInt32 and UInt64 values.</summary>
    public List<ulong> UInt64Data { get; } = [];

    /// <summary>Where the data lives.</summary>
    public TensorDataLocation DataLocation { get; set; }

    /// <summary>For external data: <c>location</c> (a relative path), <c>offset</c>, <c>length</c>, <c>checksum</c>.</summary>
    public List<StringStringEntryProto> ExternalData { get; } = [];

    /// <summary>The element count (product of <see cref="Dims"/>; 1 for a scalar).</summary>
    /// <exception cref="OverflowException">The product overflows.</exception>
    public long ElementCount()
    {
        long count = 1;
        foreach (var d in Dims) count = checked(count * d);
        return count;
    }

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WritePackedInt64(1, Dims);
        if (DataType != TensorDataType.Undefined) writer.WriteInt64(2, (long)DataType);
        writer.WritePackedFloat(4, FloatData);
        writer.WritePackedInt32(5, Int32Data);
        foreach (var s in StringData) writer.WriteBytes(6, s);
        writer.WritePackedInt64(7, Int64Data);
        writer.WriteOptionalString(8, Name);
        if (!RawData.IsEmpty) writer.WriteBytes(9, RawData.Span);
        writer.WritePackedDouble(10, DoubleData);
        writer.WritePackedUInt64(11, UInt64Data);
        writer.WriteOptionalString(12, DocString);
        writer.WriteMessages(13, ExternalData);
        if (DataLocation != TensorDataLocation.Default) writer.WriteInt64(14, (long)DataLocation);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.ReadRepeatedInt64(Dims, wireType); break;
            case 2: reader.Expect(wireType, WireType.Varint); DataType = (TensorDataType)reader.ReadInt32(); break;
            case 4: reader.ReadRepeatedFloat(FloatData, wireType); break;
            case 5: reader.ReadRepeatedInt32(Int32Data, wireType); break;
            case 6: reader.Expect(wireType, WireType.LengthDelimited); StringData.Add(reader.ReadByteString()); break;
            case 7: reader.ReadRepeatedInt64(Int64Data, wireType); break;
            case 8: reader.Expect(wireType, WireType.LengthDelimited); Name = reader.ReadString(); break;
            case 9: reader.Expect(wireType, WireType.LengthDelimited); RawData = reader.ReadBytes(); break;
            case 10: reader.ReadRepeatedDouble(DoubleData, wireType); break;
            case 11: reader.ReadRepeatedUInt64(UInt64Data, wireType); break;
            case 12: reader.Expect(wireType, WireType.LengthDelimited); DocString = reader.ReadString(); break;
            case 13: ExternalData.Add(reader.ReadMessage<StringStringEntryProto>(wireType)); break;
            case 14: reader.Expect(wireType, WireType.Varint); DataLocation = (TensorDataLocation)reader.ReadInt32(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) => TensorValidation.Validate(this, limits);
}
