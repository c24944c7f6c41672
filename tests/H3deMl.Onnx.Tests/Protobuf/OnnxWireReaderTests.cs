using H3deMl.Onnx.Protobuf;

namespace H3deMl.Onnx.Tests.Protobuf;

public sealed class OnnxWireReaderTests
{
    private static byte[] Encode(Action<OnnxWireWriter> write)
    {
        using var stream = new MemoryStream();
        var writer = OnnxWireWriter.ForStream(stream);
        write(writer);
        writer.Flush();
        return stream.ToArray();
    }

    private static TensorProto ReadTensor(byte[] bytes, OnnxReadLimits? limits = null) =>
        OnnxWireReader.ReadRoot<TensorProto>(bytes, limits);

    [Fact]
    public void UnpackedRepeatedScalarsAreAcceptedLikePackedOnes()
    {
        var bytes = Encode(w =>
        {
            w.WriteInt64(1, 2); // dims, unpacked
            w.WritePackedInt64(1, [3]); // dims, packed, appended
            w.WriteInt64(2, (long)TensorDataType.Float);
            for (var i = 0; i < 6; i++) w.WriteFloat(4, i); // float_data, unpacked
        });
        var tensor = ReadTensor(bytes);
        Assert.Equal([2L, 3], tensor.Dims);
        Assert.Equal([0f, 1, 2, 3, 4, 5], tensor.FloatData);
    }

    [Fact]
    public void UnknownFieldsOfEveryWireTypeAreSkipped()
    {
        var bytes = Encode(w =>
        {
            w.WriteInt64(99, -5);
            w.WriteTag(98, WireType.Fixed64); w.WriteRaw(new byte[8]);
            w.WriteTag(97, WireType.Fixed32); w.WriteRaw(new byte[4]);
            w.WriteBytes(96, [1, 2, 3]);
            w.WriteTag(95, WireType.StartGroup); w.WriteInt64(1, 1); w.WriteTag(95, WireType.EndGroup);
            w.WriteString(8, "kept");
        });
        Assert.Equal("kept", ReadTensor(bytes).Name);
    }

    [Fact]
    public void LengthPrefixBeyondTheMessageIsRejectedBeforeAllocation()
    {
        var bytes = Encode(w => { w.WriteTag(9, WireType.LengthDelimited); w.WriteVarint(1UL << 40); w.WriteRaw([1, 2]); });
        var e = Assert.Throws<InvalidDataException>(() => ReadTensor(bytes));
        Assert.Contains("length prefix", e.Message);
    }

    [Fact]
    public void NestedLengthCannotExceedItsParent()
    {
        // A graph (field 7) of 3 bytes whose node claims 10 bytes that do exist in the file after the graph.
        var bytes = Encode(w =>
        {
            w.WriteInt64(1, 8);
            w.WriteTag(7, WireType.LengthDelimited); w.WriteVarint(3);
            w.WriteTag(1, WireType.LengthDelimited); w.WriteVarint(10); w.WriteRaw(new byte[12]);
        });
        Assert.Throws<InvalidDataException>(() => ModelProto.Parse(bytes));
    }

    [Fact]
    public void TruncatedAndOverlongVarintsAreRejected()
    {
        Assert.Throws<InvalidDataException>(() => ReadTensor([0x08, 0x80]));
        Assert.Throws<InvalidDataException>(() => ReadTensor([0x08, .. Enumerable.Repeat((byte)0xFF, 11)]));
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRejected()
    {
        // Graph attribute inside node inside graph ..., 3 levels each.
        var graph = new GraphProto();
        for (var i = 0; i < 30; i++)
        {
            var node = new NodeProto { OpType = "If" };
            node.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeType.Graph, G = graph });
            graph = new GraphProto { Node = { node } };
        }
        var bytes = new ModelProto { IrVersion = 8, Graph = graph }.ToByteArray();
        Assert.Throws<InvalidDataException>(() => ModelProto.Parse(bytes));
        Assert.NotNull(ModelProto.Parse(bytes, new OnnxReadLimits { MaxNestingDepth = 100 }).Graph);
    }

    [Fact]
    public void CountLimitsAreEnforced()
    {
        var bytes = Encode(w => w.WritePackedInt64(1, [1, 1, 1, 1, 1]));
        Assert.Throws<InvalidDataException>(() => ReadTensor(bytes, new OnnxReadLimits { MaxRepeatedElements = 4 }));
        Assert.Throws<InvalidDataException>(() => ReadTensor(bytes, new OnnxReadLimits { MaxTensorRank = 4 }));
        Assert.Equal(5, ReadTensor(bytes).Dims.Count);

        var model = OnnxProtobufRoundTripTests.SampleModel().ToByteArray();
        Assert.Throws<InvalidDataException>(() => ModelProto.Parse(model, new OnnxReadLimits { MaxMessages = 10 }));
        Assert.Throws<InvalidDataException>(() => ModelProto.Parse(model, new OnnxReadLimits { MaxStringBytes = 4 }));
        Assert.Throws<InvalidDataException>(() => ModelProto.Parse(model, new OnnxReadLimits { MaxModelBytes = 100 }));
    }

    [Theory]
    [InlineData(new long[] { 2, 3 }, 20)] // 6 floats need 24 bytes
    [InlineData(new long[] { 2, 3 }, 28)]
    [InlineData(new long[] { 0 }, 4)]
    public void RawDataMustMatchDimsTimesElementSize(long[] dims, int rawBytes)
    {
        var bytes = Encode(w =>
        {
            w.WritePackedInt64(1, dims);
            w.WriteInt64(2, (long)TensorDataType.Float);
            w.WriteString(8, "w");
            w.WriteBytes(9, new byte[rawBytes]);
        });
        var e = Assert.Throws<InvalidDataException>(() => ReadTensor(bytes));
        Assert.Contains("'w'", e.Message);
    }

    [Theory]
    [InlineData(TensorDataType.Float, 24, true)]
    [InlineData(TensorDataType.Double, 48, true)]
    [InlineData(TensorDataType.Int4, 3, true)]
    [InlineData(TensorDataType.Int4, 6, false)]
    [InlineData(TensorDataType.Bool, 6, true)]
    [InlineData(TensorDataType.String, 6, false)]
    [InlineData(TensorDataType.Undefined, 6, false)]
    public void RawDataLengthFollowsTheElementType(TensorDataType type, int rawBytes, bool valid)
    {
        var bytes = Encode(w =>
        {
            w.WritePackedInt64(1, [2, 3]);
            w.WriteInt64(2, (long)type);
            w.WriteBytes(9, new byte[rawBytes]);
        });
        if (valid) Assert.Equal(rawBytes, ReadTensor(bytes).RawData.Length);
        else Assert.Throws<InvalidDataException>(() => ReadTensor(bytes));
    }

    [Fact]
    public void TypedDataCountsAndTypesAreChecked()
    {
        byte[] Tensor(TensorDataType type, Action<OnnxWireWriter> data) => Encode(w =>
        {
            w.WritePackedInt64(1, [3]);
            w.WriteInt64(2, (long)type);
            data(w);
        });
        Assert.Equal(3, ReadTensor(Tensor(TensorDataType.Int64, w => w.WritePackedInt64(7, [1, 2, 3]))).Int64Data.Count);
        Assert.Throws<InvalidDataException>(() => ReadTensor(Tensor(TensorDataType.Int64, w => w.WritePackedInt64(7, [1, 2]))));
        Assert.Throws<InvalidDataException>(() => ReadTensor(Tensor(TensorDataType.Float, w => w.WritePackedInt64(7, [1, 2, 3]))));
        Assert.Throws<InvalidDataException>(() => ReadTensor(Tensor(TensorDataType.Float, w => w.WritePackedFloat(4, [1, 2, 3, 4, 5, 6]))));
        Assert.Equal(6, ReadTensor(Tensor(TensorDataType.Complex64, w => w.WritePackedFloat(4, [1, 2, 3, 4, 5, 6]))).FloatData.Count);
        Assert.Throws<InvalidDataException>(() => ReadTensor(Tensor(TensorDataType.Float, _ => { })));
        Assert.Throws<InvalidDataException>(() => ReadTensor(Tensor(TensorDataType.Float, w =>
        {
            w.WritePackedFloat(4, [1, 2, 3]);
            w.WriteBytes(9, new byte[12]);
        })));
        Assert.Throws<InvalidDataException>(() => ReadTensor(Encode(w => w.WriteInt64(1, -1))));
        Assert.Throws<InvalidDataException>(() => ReadTensor(Encode(w => w.WritePackedInt64(1, [long.MaxValue, 4]))));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share\\w.bin")]
    [InlineData("C:\\w.bin")]
    [InlineData("c:w.bin")]
    [InlineData("../w.bin")]
    [InlineData("data/../../w.bin")]
    [InlineData("data\\..\\..\\w.bin")]
    [InlineData("w\n.bin")]
    [InlineData("")]
    public void ExternalDataOutsideTheModelFolderIsRejected(string location)
    {
        var bytes = ExternalTensor(location, "16");
        var e = Assert.Throws<InvalidDataException>(() => ReadTensor(bytes));
        Assert.Contains("'t'", e.Message);
    }

    [Fact]
    public void ExternalDataInsideTheModelFolderIsAcceptedAndItsLengthChecked()
    {
        Assert.Equal(TensorDataLocation.External, ReadTensor(ExternalTensor("data/w.bin", "16")).DataLocation);
        Assert.Equal(TensorDataLocation.External, ReadTensor(ExternalTensor("./w..bin", null)).DataLocation);
        Assert.Throws<InvalidDataException>(() => ReadTensor(ExternalTensor("w.bin", "12")));
        Assert.Throws<InvalidDataException>(() => ReadTensor(ExternalTensor("w.bin", "-16")));
    }

    private static byte[] ExternalTensor(string location, string? length) => Encode(w =>
    {
        w.WritePackedInt64(1, [4]);
        w.WriteInt64(2, (long)TensorDataType.Float);
        w.WriteString(8, "t");
        w.WriteMessage(13, new StringStringEntryProto("location", location));
        if (length is not null) w.WriteMessage(13, new StringStringEntryProto("length", length));
        w.WriteInt64(14, (long)TensorDataLocation.External);
    });
}
