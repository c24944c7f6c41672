namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// One operator call of a graph (<c>NodeProto</c>: input = 1, output = 2, name = 3, op_type = 4, attribute = 5,
/// doc_string = 6, domain = 7). An empty input name stands for an omitted optional input.
/// </summary>
public sealed class NodeProto : IOnnxMessage
{
    /// <summary>Input value names, in the operator's input order.</summary>
    public List<string> Input { get; } = [];

    /// <summary>Output value names, in the operator's output order.</summary>
    public List<string> Output { get; } = [];

    /// <summary>The node's name (optional, for diagnostics).</summary>
    public string Name { get; set; } = "";

    /// <summary>The operator.</summary>
    public string OpType { get; set; } = "";

    /// <summary>The operator's domain; empty for the default ONNX domain.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The attributes.</summary>
    public List<AttributeProto> Attribute { get; } = [];

    /// <summary>Documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public AttributeProto? FindAttribute(string name)
    {
        foreach (var attribute in Attribute)
            if (attribute.Name == name) return attribute;
        return null;
    }

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        foreach (var input in Input) writer.WriteString(1, input);
        foreach (var output in Output) writer.WriteString(2, output);
        writer.WriteOptionalString(3, Name);
        writer.WriteOptionalString(4, OpType);
        writer.WriteMessages(5, Attribute);
        writer.WriteOptionalString(6, DocString);
        writer.WriteOptionalString(7, Domain);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.LengthDelimited); Input.Add(reader.ReadString()); break;
            case 2: reader.Expect(wireType, WireType.LengthDelimited); Output.Add(reader.ReadString()); break;
            case 3: reader.Expect(wireType, WireType.LengthDelimited); Name = reader.ReadString(); break;
            case 4: reader.Expect(wireType, WireType.LengthDelimited); OpType = reader.ReadString(); break;
            case 5: Attribute.Add(reader.ReadMessage<AttributeProto>(wireType)); break;
            case 6: reader.Expect(wireType, WireType.LengthDelimited); DocString = reader.ReadString(); break;
            case 7: reader.Expect(wireType, WireType.LengthDelimited); Domain = reader.ReadString(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
