namespace H3deMl.Onnx.Protobuf;

/// <summary>A message of the ONNX IR that can write itself and read its fields from the protobuf wire format.</summary>
internal interface IOnnxMessage
{
    /// <summary>Writes every set field, in field-number order.</summary>
    void WriteTo(OnnxWireWriter writer);

    /// <summary>Reads one field whose tag the reader has just consumed; unknown fields are skipped.</summary>
    void ReadField(OnnxWireReader reader, int field, WireType wireType);

    /// <summary>Checks the message once all its fields are read (untrusted input).</summary>
    void Validate(OnnxReadLimits limits);
}
