namespace H3deMl.Onnx.Protobuf;

/// <summary>A tensor shape (<c>TensorShapeProto</c>: dim = 1).</summary>
public sealed class TensorShapeProto : IOnnxMessage
{
    /// <summary>The dimensions, outermost first.</summary>
    public List<TensorShapeDimension> Dims { get; } = [];

    void IOnnxMessage.WriteTo(OnnxWireWriter writer) => writer.WriteMessages(1, Dims);

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        if (field == 1)
        {
            if (Dims.Count >= reader.Limits.MaxTensorRank)
                throw reader.Error($"a shape has more than {reader.Limits.MaxTensorRank} dimensions.");
            Dims.Add(reader.ReadMessage<TensorShapeDimension>(wireType));
        }
        else reader.Skip(field, wireType);
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}

/// <summary>
/// One dimension of a <see cref="TensorShapeProto"/> (<c>TensorShapeProto.Dimension</c>: dim_value = 1,
/// dim_param = 2, denotation = 3): a fixed size, a symbolic name (such as <c>N</c> for a dynamic batch) or unknown.
/// </summary>
public sealed class TensorShapeDimension : IOnnxMessage
{
    /// <summary>Creates an unknown dimension.</summary>
    public TensorShapeDimension() { }

    /// <summary>A fixed-size dimension.</summary>
    public static TensorShapeDimension Fixed(long value) => new() { Value = value };

    /// <summary>A symbolic dimension.</summary>
    public static TensorShapeDimension Symbolic(string name) => new() { Param = name };

    /// <summary>The fixed size, when known.</summary>
    public long? Value { get; set; }

    /// <summary>The symbolic name, when the size is symbolic.</summary>
    public string? Param { get; set; }

    /// <summary>An optional standard denotation (such as <c>DATA_BATCH</c>).</summary>
    public string Denotation { get; set; } = "";

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        if (Value is { } value) writer.WriteInt64(1, value);
        else if (Param is not null) writer.WriteString(2, Param);
        writer.WriteOptionalString(3, Denotation);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.Varint); Value = reader.ReadInt64(); Param = null; break;
            case 2: reader.Expect(wireType, WireType.LengthDelimited); Param = reader.ReadString(); Value = null; break;
            case 3: reader.Expect(wireType, WireType.LengthDelimited); Denotation = reader.ReadString(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits)
    {
        if (Value < 0) throw new InvalidDataException($"a shape dimension is negative ({Value}).");
    }
}
