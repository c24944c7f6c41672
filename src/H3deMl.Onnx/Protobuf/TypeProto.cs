namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// The type of a graph value (<c>TypeProto</c>: tensor_type = 1, denotation = 6). Only tensor types are read;
/// sequence, map, optional and sparse types are skipped and leave <see cref="TensorType"/> null.
/// </summary>
public sealed class TypeProto : IOnnxMessage
{
    /// <summary>The tensor type, when the value is a dense tensor.</summary>
    public TypeProtoTensor? TensorType { get; set; }

    /// <summary>An optional standard denotation.</summary>
    public string Denotation { get; set; } = "";

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        if (TensorType is not null) writer.WriteMessage(1, TensorType);
        writer.WriteOptionalString(6, Denotation);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: TensorType = reader.ReadMessage<TypeProtoTensor>(wireType); break;
            case 6: reader.Expect(wireType, WireType.LengthDelimited); Denotation = reader.ReadString(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}

/// <summary>A dense tensor type (<c>TypeProto.Tensor</c>: elem_type = 1, shape = 2).</summary>
public sealed class TypeProtoTensor : IOnnxMessage
{
    /// <summary>The element type.</summary>
    public TensorDataType ElemType { get; set; }

    /// <summary>The shape, when known (null means unknown rank).</summary>
    public TensorShapeProto? Shape { get; set; }

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        if (ElemType != TensorDataType.Undefined) writer.WriteInt64(1, (long)ElemType);
        if (Shape is not null) writer.WriteMessage(2, Shape);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.Varint); ElemType = (TensorDataType)reader.ReadInt32(); break;
            case 2: Shape = reader.ReadMessage<TensorShapeProto>(wireType); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
