namespace H3deMl.Onnx.Protobuf;

/// <summary>
/// An ONNX model file (<c>ModelProto</c>: ir_version = 1, producer_name = 2, producer_version = 3, domain = 4,
/// model_version = 5, doc_string = 6, graph = 7, opset_import = 8, metadata_props = 14).
/// </summary>
public sealed class ModelProto : IOnnxMessage
{
    /// <summary>The IR version the model targets (8 covers opset 17 and 18; 9 adds opset 19 and 20).</summary>
    public long IrVersion { get; set; }

    /// <summary>The operator sets the graph uses.</summary>
    public List<OperatorSetIdProto> OpsetImport { get; } = [];

    /// <summary>The tool that wrote the model.</summary>
    public string ProducerName { get; set; } = "";

    /// <summary>The version of the tool that wrote the model.</summary>
    public string ProducerVersion { get; set; } = "";

    /// <summary>The model's reverse-DNS domain.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The model's own version number.</summary>
    public long ModelVersion { get; set; }

    /// <summary>Documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>The computation graph.</summary>
    public GraphProto? Graph { get; set; }

    /// <summary>Free-form key/value metadata.</summary>
    public List<StringStringEntryProto> MetadataProps { get; } = [];

    /// <summary>The version of the default (<c>""</c> or <c>ai.onnx</c>) operator set, or null when not imported.</summary>
    public long? DefaultOpsetVersion()
    {
        foreach (var opset in OpsetImport)
            if (opset.Domain is "" or "ai.onnx") return opset.Version;
        return null;
    }

    /// <summary>The metadata value for <paramref name="key"/>, or null.</summary>
    public string? Metadata(string key)
    {
        foreach (var entry in MetadataProps)
            if (entry.Key == key) return entry.Value;
        return null;
    }

    /// <summary>Parses a model from its bytes (untrusted input is validated; see <see cref="OnnxReadLimits"/>).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid ONNX model or exceed the limits.</exception>
    public static ModelProto Parse(ReadOnlyMemory<byte> bytes, OnnxReadLimits? limits = null) =>
        OnnxWireReader.ReadRoot<ModelProto>(bytes, limits);

    /// <summary>Reads a model from a stream (at most <see cref="OnnxReadLimits.MaxModelBytes"/> bytes).</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid ONNX model or exceeds the limits.</exception>
    public static ModelProto ReadFrom(Stream stream, OnnxReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= OnnxReadLimits.Default;
        if (stream.CanSeek && stream.Length - stream.Position > limits.MaxModelBytes)
            throw new InvalidDataException($"the model has {stream.Length - stream.Position} bytes, more than the limit of {limits.MaxModelBytes}.");
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limits.MaxModelBytes)
                throw new InvalidDataException($"the model is larger than the limit of {limits.MaxModelBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), limits);
    }

    /// <summary>Reads the model file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid ONNX model; the message names the file.</exception>
    public static ModelProto ReadFile(string path, OnnxReadLimits? limits = null)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return ReadFrom(stream, limits);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Writes the model in the protobuf wire format.</summary>
    public void WriteTo(Stream stream)
    {
        var writer = OnnxWireWriter.ForStream(stream);
        ((IOnnxMessage)this).WriteTo(writer);
        writer.Flush();
    }

    /// <summary>The model's encoded bytes.</summary>
    public byte[] ToByteArray()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    void IOnnxMessage.WriteTo(OnnxWireWriter writer)
    {
        writer.WriteInt64(1, IrVersion);
        writer.WriteOptionalString(2, ProducerName);
        writer.WriteOptionalString(3, ProducerVersion);
        writer.WriteOptionalString(4, Domain);
        if (ModelVersion != 0) writer.WriteInt64(5, ModelVersion);
        writer.WriteOptionalString(6, DocString);
        if (Graph is not null) writer.WriteMessage(7, Graph);
        writer.WriteMessages(8, OpsetImport);
        writer.WriteMessages(14, MetadataProps);
    }

    void IOnnxMessage.ReadField(OnnxWireReader reader, int field, WireType wireType)
    {
        switch (field)
        {
            case 1: reader.Expect(wireType, WireType.Varint); IrVersion = reader.ReadInt64(); break;
            case 2: reader.Expect(wireType, WireType.LengthDelimited); ProducerName = reader.ReadString(); break;
            case 3: reader.Expect(wireType, WireType.LengthDelimited); ProducerVersion = reader.ReadString(); break;
            case 4: reader.Expect(wireType, WireType.LengthDelimited); Domain = reader.ReadString(); break;
            case 5: reader.Expect(wireType, WireType.Varint); ModelVersion = reader.ReadInt64(); break;
            case 6: reader.Expect(wireType, WireType.LengthDelimited); DocString = reader.ReadString(); break;
            case 7: Graph = reader.ReadMessage<GraphProto>(wireType); break;
            case 8: OpsetImport.Add(reader.ReadMessage<OperatorSetIdProto>(wireType)); break;
            case 14: MetadataProps.Add(reader.ReadMessage<StringStringEntryProto>(wireType)); break;
            default: reader.Skip(field, wireType); break;
        }
    }

    void IOnnxMessage.Validate(OnnxReadLimits limits)
    {
        if (IrVersion <= 0) throw new InvalidDataException($"the model's ir_version is {IrVersion}; it must be positive.");
    }
}
