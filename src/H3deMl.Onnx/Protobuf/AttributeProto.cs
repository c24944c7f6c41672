using System.Text;

namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// A named operator attribute (<c>AttributeProto</c>: name = 1, f = 2, i = 3, s = 4, t = 5, g = 6, floats = 7,
/// ints = 8, strings = 9, tensors = 10, graphs = 11, doc_string = 13, type = 20, ref_attr_name = 21).
/// <see cref="Type"/> says which value field is in use; the writer always writes that field, even when it is zero.
/// </summary>
public sealed class AttributeProto : IOnnxMessage
{
    /// <summary>The attribute's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Which value field is in use.</summary>
    public AttributeType Type { get; set; }

    /// <summary>The float value.</summary>
    public float F { get; set; }

    /// <summary>The int value.</summary>
    public long I { get; set; }

    /// <summary>The string value (UTF-8 bytes).</summary>
    public byte[] S { get; set; } = [];

    /// <summary>The tensor value.</summary>
    public TensorProto? T { get; set; }

    /// <summary>The graph value (a subgraph).</summary>
    public GraphProto? G { get; set; }

    /// <summary>The float list value.</summary>
    public List<float> Floats { get; } = [];

    /// <summary>The int list value.</summary>
    public List<long> Ints { get; } = [];

    /// <summary>The string list value (UTF-8 bytes each).</summary>
    public List<byte[]> Strings { get; } = [];

    /// <summary>The tensor list value.</summary>
    public List<TensorProto> Tensors { get; } = [];

    /// <summary>The graph list value.</summary>
    public List<GraphProto> Graphs { get; } = [];

    /// <summary>Documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>In a function body: the name of the caller's attribute this one refers to (then no value is set).</summary>
    public string RefAttrName { get; set; } = "";

    /// <summary>The string value decoded as UTF-8.</summary>
    public string StringValue => Encoding.UTF8.GetString(S);

    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeType.String, S = Encoding.UTF8.GetBytes(value) };

    /// <summary>An int list attribute.</summary>
    public static AttributeProto IntList(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float list attribute.</summary>
    public static AttributeProto FloatList(string name, params float[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    /// <summary>A tensor attribute.</summary>
    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeType.Tensor, T = value };

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WriteOptionalString(1, Name);
        switch (Type)
        {
            case AttributeType.Float: writer.WriteFloat(2, F); break;
            case AttributeType.Int: writer.WriteInt64(3, I); break;
            case AttributeType.String: writer.WriteBytes(4, S); break;
        }
        if (T is not null) writer.WriteMessage(5, T);
        if (G is not null) writer.WriteMessage(6, G);
        writer.WritePackedFloat(7, Floats);
        writer.WritePackedInt64(8, Ints);
        foreach (var s in Strings) writer.WriteBytes(9, s);
        writer.WriteMessages(10, Tensors);
        writer.WriteMessages(11, Graphs);
        writer.WriteOptionalString(13, DocString);
        if (Type != AttributeType.Undefined) writer.WriteInt64(20, (long)Type);
        writer.WriteOptionalString(21, RefAttrName);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.LengthDelimited); Name = reader.ReadString(); break;
            case 2: reader.Expect(wireType, WireType.Fixed32); F = reader.ReadFloat(); break;
            case 3: reader.Expect(wireType, WireType.Varint); I = reader.ReadInt64(); break;
            case 4: reader.Expect(wireType, WireType.LengthDelimited); S = reader.ReadByteString(); break;
            case 5: T = reader.ReadMessage<TensorProto>(wireType); break;
            case 6: G = reader.ReadMessage<GraphProto>(wireType); break;
            case 7: reader.ReadRepeatedFloat(Floats, wireType); break;
            case 8: reader.ReadRepeatedInt64(Ints, wireType); break;
            case 9: reader.Expect(wireType, WireType.LengthDelimited); Strings.Add(reader.ReadByteString()); break;
            case 10: Tensors.Add(reader.ReadMessage<TensorProto>(wireType)); break;
            case 11: Graphs.Add(reader.ReadMessage<GraphProto>(wireType)); break;
            case 13: reader.Expect(wireType, WireType.LengthDelimited); DocString = reader.ReadString(); break;
            case 20: reader.Expect(wireType, WireType.Varint); Type = (AttributeType)reader.ReadInt32(); break;
            case 21: reader.Expect(wireType, WireType.LengthDelimited); RefAttrName = reader.ReadString(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
