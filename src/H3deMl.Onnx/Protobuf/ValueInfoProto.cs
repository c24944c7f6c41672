namespace H3deMl.Onnx.Protobuf;

/// <summary>A named, typed graph value (<c>ValueInfoProto</c>: name = 1, type = 2, doc_string = 3).</summary>
public sealed class ValueInfoProto : IOnnxMessage
{
    /// <summary>The value's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The value's type, when declared.</summary>
    public TypeProto? Type { get; set; }

    /// <summary>Documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>A float (or other element type) tensor value with the given dims (a string is a symbolic dim).</summary>
    public static ValueInfoProto Tensor(string name, TensorDataType elemType, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dims.Add(d switch
            {
                string s => TensorShapeDimension.Symbolic(s),
                int i => TensorShapeDimension.Fixed(i),
                long l => TensorShapeDimension.Fixed(l),
                _ => throw new ArgumentException($"a dim must be a string, int or long, not {d?.GetType().Name}.", nameof(dims)),
            });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProtoTensor { ElemType = elemType, Shape = shape } },
        };
    }

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WriteOptionalString(1, Name);
        if (Type is not null) writer.WriteMessage(2, Type);
        writer.WriteOptionalString(3, DocString);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.LengthDelimited); Name = reader.ReadString(); break;
            case 2: Type = reader.ReadMessage<TypeProto>(wireType); break;
            case 3: reader.Expect(wireType, WireType.LengthDelimited); DocString = reader.ReadString(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
