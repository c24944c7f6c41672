namespace H3deMl.Onnx.Protobuf;

/// <summary>An operator set a model imports (<c>OperatorSetIdProto</c>: domain = 1, version = 2).</summary>
public sealed class OperatorSetIdProto : IOnnxMessage
{
    /// <summary>Creates an empty entry.</summary>
    public OperatorSetIdProto() { }

    /// <summary>Creates an entry; the empty domain (or <c>ai.onnx</c>) is the default ONNX operator set.</summary>
    public OperatorSetIdProto(string domain, long version)
    {
        Domain = domain;
        Version = version;
    }

    /// <summary>The operator set's domain; empty for the default ONNX domain.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The operator set version.</summary>
    public long Version { get; set; }

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WriteOptionalString(1, Domain);
        writer.WriteInt64(2, Version);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.LengthDelimited); Domain = reader.ReadString(); break;
            case 2: reader.Expect(wireType, WireType.Varint); Version = reader.ReadInt64(); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits) { }
}
