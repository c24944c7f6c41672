namespace H3deMl.Onnx.Protobuf;

/// <summary>A key/value pair (<c>StringStringEntryProto</c>: key = 1, value = 2), ONNX's portable map entry.</summary>
public sealed class StringStringEntryProto : IOnnxMessage
{
    /// <summary>Creates an empty entry.</summary>
    public StringStringEntryProto() { }

    /// <summary>Creates an entry.</summary>
    public StringStringEntryProto(string key, string value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key.</summary>
    public string Key { get; set; } = "";

    /// <summary>The value.</summary>
    public string Value { get; set; } = "";

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WriteOptionalString(1, Key);
        writer.WriteOptionalString(2, Value);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.LengthDelimited); Key = reader.ReadString(); break;
            case 2: reader.Expect(wireType, WireType.LengthDelimited); Value = reader.ReadString(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
