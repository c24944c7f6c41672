using System.Text;
using H3deMl.Onnx.Protobuf;

namespace H3deMl.Onnx.Tests.Protobuf;

public sealed class OnnxProtobufRoundTripTests
{
    internal static ModelProto SampleModel()
    {
        var weight = new TensorProto { Name = "w", DataType = TensorDataType.Float, DocString = "weights" };
        weight.Dims.AddRange([2, 3]);
        weight.RawData = Enumerable.Range(0, 6).SelectMany(i => BitConverter.GetBytes(i * 0.5f - 1f)).ToArray();
        var shape = new TensorProto { Name = "shape", DataType = TensorDataType.Int64 };
        shape.Dims.Add(3);
        shape.Int64Data.AddRange([-1, 0, long.MaxValue]);
        var floats = new TensorProto { Name = "f", DataType = TensorDataType.Float };
        floats.Dims.Add(2);
        floats.FloatData.AddRange([float.NegativeInfinity, 3.25f]);
        var doubles = new TensorProto { Name = "d", DataType = TensorDataType.Double };
        doubles.DoubleData.Add(Math.PI);
        var ints = new TensorProto { Name = "i", DataType = TensorDataType.Int32 };
        ints.Dims.Add(2);
        ints.Int32Data.AddRange([int.MinValue, 7]);
        var big = new TensorProto { Name = "u", DataType = TensorDataType.UInt64 };
        big.Dims.Add(1);
        big.UInt64Data.Add(ulong.MaxValue);
        var text = new TensorProto { Name = "s", DataType = TensorDataType.String };
        text.Dims.Add(2);
        text.StringData.AddRange([Encoding.UTF8.GetBytes("α"), []]);
        var external = new TensorProto { Name = "ext", DataType = TensorDataType.Float, DataLocation = TensorDataLocation.External };
        external.Dims.AddRange([4]);
        external.ExternalData.AddRange([new("location", "weights/ext.bin"), new("offset", "64"), new("length", "16")]);

        var sub = new GraphProto { Name = "body" };
        sub.Node.Add(new NodeProto { OpType = "Identity", Input = { "a" }, Output = { "b" } });
        var node = new NodeProto { Name = "n0", OpType = "Conv", Domain = "", DocString = "a conv", Input = { "image", "w", "" }, Output = { "y" } };
        node.Attribute.Add(AttributeProto.IntList("pads", 1, 1, 1, 1, 1, 1));
        node.Attribute.Add(AttributeProto.Int("group", 0));
        node.Attribute.Add(AttributeProto.Float("alpha", 0f));
        node.Attribute.Add(AttributeProto.String("mode", "linear"));
        node.Attribute.Add(AttributeProto.FloatList("scales", 1f, 2f));
        node.Attribute.Add(AttributeProto.Tensor("value", shape));
        node.Attribute.Add(new AttributeProto { Name = "body", Type = AttributeType.Graph, G = sub, DocString = "d" });
        var lists = new AttributeProto { Name = "many", Type = AttributeType.Tensors, RefAttrName = "outer" };
        lists.Tensors.Add(floats);
        lists.Strings.Add(Encoding.UTF8.GetBytes("x"));
        lists.Graphs.Add(sub);
        node.Attribute.Add(lists);

        var graph = new GraphProto { Name = "g", DocString = "graph doc" };
        graph.Node.Add(node);
        graph.Initializer.AddRange([weight, shape, floats, doubles, ints, big, text, external]);
        graph.Input.Add(ValueInfoProto.Tensor("image", TensorDataType.Float, "N", 1, 4L));
        graph.Output.Add(ValueInfoProto.Tensor("y", TensorDataType.Float, "N", 2));
        graph.ValueInfo.Add(new ValueInfoProto { Name = "untyped", DocString = "v" });
        graph.Output[0].Type!.TensorType!.Shape!.Dims.Add(new TensorShapeDimension { Denotation = "DATA_CHANNEL" });

        var model = new ModelProto
        {
            IrVersion = 8, ProducerName = "H3deMl", ProducerVersion = "0.1.0", Domain = "org.h3deml", ModelVersion = 3,
            DocString = "doc", Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto("", 17));
        model.OpsetImport.Add(new OperatorSetIdProto("com.example", 1));
        model.MetadataProps.Add(new StringStringEntryProto("landmarks", "[\"a\",\"b\"]"));
        return model;
    }

    [Fact]
    public void EveryFieldSurvivesWriteThenRead()
    {
        var bytes = SampleModel().ToByteArray();
        var read = ModelProto.Parse(bytes);

        Assert.Equal(8, read.IrVersion);
        Assert.Equal(("H3deMl", "0.1.0", "org.h3deml", 3L, "doc"),
            (read.ProducerName, read.ProducerVersion, read.Domain, read.ModelVersion, read.DocString));
        Assert.Equal(17, read.DefaultOpsetVersion());
        Assert.Equal(("com.example", 1L), (read.OpsetImport[1].Domain, read.OpsetImport[1].Version));
        Assert.Equal("[\"a\",\"b\"]", read.Metadata("landmarks"));

        var graph = read.Graph!;
        Assert.Equal(("g", "graph doc"), (graph.Name, graph.DocString));
        var node = Assert.Single(graph.Node);
        Assert.Equal(("n0", "Conv", "a conv"), (node.Name, node.OpType, node.DocString));
        Assert.Equal(["image", "w", ""], node.Input);
        Assert.Equal(["y"], node.Output);
        Assert.Equal([1L, 1, 1, 1, 1, 1], node.FindAttribute("pads")!.Ints);
        Assert.Equal((AttributeType.Int, 0L), (node.FindAttribute("group")!.Type, node.FindAttribute("group")!.I));
        Assert.Equal((AttributeType.Float, 0f), (node.FindAttribute("alpha")!.Type, node.FindAttribute("alpha")!.F));
        Assert.Equal("linear", node.FindAttribute("mode")!.StringValue);
        Assert.Equal([1f, 2f], node.FindAttribute("scales")!.Floats);
        Assert.Equal([-1L, 0, long.MaxValue], node.FindAttribute("value")!.T!.Int64Data);
        var body = node.FindAttribute("body")!;
        Assert.Equal(("body", "Identity", "d"), (body.G!.Name, body.G.Node[0].OpType, body.DocString));
        var many = node.FindAttribute("many")!;
        Assert.Equal((AttributeType.Tensors, "outer"), (many.Type, many.RefAttrName));
        Assert.Equal([float.NegativeInfinity, 3.25f], many.Tensors[0].FloatData);
        Assert.Equal("x", Encoding.UTF8.GetString(many.Strings[0]));
        Assert.Equal("Identity", many.Graphs[0].Node[0].OpType);

        var byName = graph.Initializer.ToDictionary(t => t.Name);
        Assert.Equal([2L, 3], byName["w"].Dims);
        Assert.Equal("weights", byName["w"].DocString);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i * 0.5f - 1f), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(byName["w"].RawData.Span).ToArray());
        Assert.Equal([Math.PI], byName["d"].DoubleData);
        Assert.Equal([int.MinValue, 7], byName["i"].Int32Data);
        Assert.Equal([ulong.MaxValue], byName["u"].UInt64Data);
        Assert.Equal("α", Encoding.UTF8.GetString(byName["s"].StringData[0]));
        Assert.Empty(byName["s"].StringData[1]);
        Assert.Equal(TensorDataLocation.External, byName["ext"].DataLocation);
        Assert.Equal(new TensorExternalData("weights/ext.bin", 64, 16), TensorExternalData.Parse(byName["ext"].ExternalData, "ext"));

        var input = graph.Input[0].Type!.TensorType!;
        Assert.Equal(TensorDataType.Float, input.ElemType);
        Assert.Equal(("N", (long?)null), (input.Shape!.Dims[0].Param, input.Shape.Dims[0].Value));
        Assert.Equal([1L, 4], input.Shape.Dims.Skip(1).Select(d => d.Value!.Value));
        var unknown = graph.Output[0].Type!.TensorType!.Shape!.Dims[2];
        Assert.Equal(((long?)null, (string?)null, "DATA_CHANNEL"), (unknown.Value, unknown.Param, unknown.Denotation));
        Assert.Null(graph.ValueInfo[0].Type);
        Assert.Equal("v", graph.ValueInfo[0].DocString);

        Assert.Equal(bytes, read.ToByteArray());
    }

    [Fact]
    public void WriteToStreamMatchesToByteArray()
    {
        var model = SampleModel();
        using var stream = new MemoryStream();
        model.WriteTo(stream);
        Assert.Equal(model.ToByteArray(), stream.ToArray());
        stream.Position = 0;
        Assert.Equal("g", ModelProto.ReadFrom(stream).Graph!.Name);
    }

    [Fact]
    public void LargeRawDataIsWrittenPastTheWriterBuffer()
    {
        var tensor = new TensorProto { Name = "big", DataType = TensorDataType.Float };
        tensor.Dims.Add(100_000);
        var raw = new byte[400_000];
        new Random(3).NextBytes(raw);
        tensor.RawData = raw;
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Initializer = { tensor } } };
        var read = ModelProto.Parse(model.ToByteArray());
        Assert.Equal(raw, read.Graph!.Initializer[0].RawData.ToArray());
    }
}
