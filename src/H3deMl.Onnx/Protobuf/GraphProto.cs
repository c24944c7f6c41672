namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// A computation graph (<c>GraphProto</c>: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11,
/// output = 12, value_info = 13). Nodes are in topological order; initializers are the constant (weight) values.
/// </summary>
public sealed class GraphProto : IOnnxMessage
{
    /// <summary>The nodes, topologically sorted.</summary>
    public List<NodeProto> Node { get; } = [];

    /// <summary>The graph's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Constant values (weights), each named after the value it initializes.</summary>
    public List<TensorProto> Initializer { get; } = [];

    /// <summary>Documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>The graph's inputs.</summary>
    public List<ValueInfoProto> Input { get; } = [];

    /// <summary>The graph's outputs.</summary>
    public List<ValueInfoProto> Output { get; } = [];

    /// <summary>Optional type information of intermediate values.</summary>
    public List<ValueInfoProto> ValueInfo { get; } = [];

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WriteMessages(1, Node);
        writer.WriteOptionalString(2, Name);
        writer.WriteMessages(5, Initializer);
        writer.WriteOptionalString(10, DocString);
        writer.WriteMessages(11, Input);
        writer.WriteMessages(12, Output);
        writer.WriteMessages(13, ValueInfo);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: Node.Add(reader.ReadMessage<NodeProto>(wireType)); break;
            case 2: reader.Expect(wireType, WireType.LengthDelimited); Name = reader.ReadString(); break;
            case 5: Initializer.Add(reader.ReadMessage<TensorProto>(wireType)); break;
            case 10: reader.Expect(wireType, WireType.LengthDelimited); DocString = reader.ReadString(); break;
            case 11: Input.Add(reader.ReadMessage<ValueInfoProto>(wireType)); break;
            case 12: Output.Add(reader.ReadMessage<ValueInfoProto>(wireType)); break;
            case 13: ValueInfo.Add(reader.ReadMessage<ValueInfoProto>(wireType)); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
