using H3deMl.Onnx.Protobuf;
using H3deMl.Onnx.Scoring;
using H3deMl.Tensors;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>Files the interpreter must refuse with a clear message, before allocating anything they claim.</summary>
public sealed class MalformedModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("onnx-malformed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Y = Relu(X + W) with X (batch, 2) and an initializer W (2).</summary>
    private static ModelProto Tiny(long opset = 17, string op = "Relu", string domain = "")
    {
        var graph = new GraphProto { Name = "tiny" };
        graph.Input.Add(ValueInfoProto.Tensor("X", TensorDataType.Float, "batch", 2));
        graph.Output.Add(ValueInfoProto.Tensor("Y", TensorDataType.Float, "batch", 2));
        var w = new TensorProto { Name = "W", DataType = TensorDataType.Float };
        w.Dims.Add(2);
        w.FloatData.AddRange([1f, -5f]);
        graph.Initializer.Add(w);
        var add = new NodeProto { Name = "add", OpType = "Add" };
        add.Input.AddRange(["X", "W"]);
        add.Output.Add("S");
        var act = new NodeProto { Name = "act", OpType = op, Domain = domain };
        act.Input.Add("S");
        act.Output.Add("Y");
        graph.Node.AddRange([add, act]);
        var model = new ModelProto { IrVersion = 8, Graph = graph, ProducerName = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto("", opset));
        if (domain.Length > 0) model.OpsetImport.Add(new OperatorSetIdProto(domain, 1));
        return model;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void The_tiny_model_runs()
    {
        var network = OnnxNetwork.Load(Write("ok.onnx", Tiny().ToByteArray()));
        var y = network.Run(Tensor.FromArray([1f, 2f, -3f, 9f], 2, 2))["Y"];
        Assert.Equal([2f, 0f, 0f, 4f], y.ToArray());
    }

    [Fact]
    public void Truncated_file_is_refused()
    {
        var bytes = File.ReadAllBytes(ScoringFixtures.PathOf("op_conv3d.onnx"));
        var path = Write("truncated.onnx", bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.ThrowsAny<InvalidDataException>(() => OnnxNetwork.Load(path));
        Assert.Contains("truncated.onnx", e.Message);
    }

    [Fact]
    public void Unsupported_operator_names_node_operator_and_domain()
    {
        var e = Assert.Throws<OnnxModelException>(() => OnnxNetwork.Load(Write("lstm.onnx", Tiny(op: "LSTM").ToByteArray())));
        Assert.Contains("'act'", e.Message);
        Assert.Contains("LSTM", e.Message);
        Assert.Contains("ai.onnx", e.Message);
    }

    [Fact]
    public void Custom_domain_is_refused_at_load()
    {
        var e = Assert.Throws<OnnxModelException>(() => OnnxNetwork.Load(Write("ms.onnx", Tiny(op: "FusedGelu", domain: "com.microsoft").ToByteArray())));
        Assert.Contains("com.microsoft", e.Message);
        Assert.Contains("FusedGelu", e.Message);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(99)]
    public void Unsupported_opset_is_refused(long opset)
    {
        var e = Assert.Throws<OnnxModelException>(() => OnnxNetwork.Load(Write("opset.onnx", Tiny(opset).ToByteArray())));
        Assert.Contains($"opset {opset}", e.Message);
    }

    [Fact]
    public void Unsupported_attribute_value_is_refused_at_load()
    {
        var model = Tiny(op: "Softmax");
        model.Graph!.Node[1].OpType = "Resize";
        model.Graph.Node[1].Attribute.Add(AttributeProto.String("mode", "cubic"));
        var e = Assert.Throws<OnnxModelException>(() => OnnxNetwork.Load(Write("cubic.onnx", model.ToByteArray())));
        Assert.Contains("cubic", e.Message);
        Assert.Contains("Resize", e.Message);
    }

    [Fact]
    public void Absurd_dimensions_are_refused_before_allocation()
    {
        var model = Tiny();
        var w = model.Graph!.Initializer[0];
        w.Dims.Clear();
        w.Dims.AddRange([1L << 40, 1L << 40]);
        var e = Assert.ThrowsAny<Exception>(() => OnnxNetwork.Load(Write("huge.onnx", model.ToByteArray())));
        Assert.True(e is InvalidDataException or OnnxModelException, e.ToString());
        Assert.Contains("'W'", e.Message);
    }

    [Fact]
    public void Negative_length_prefix_is_refused()
    {
        // Field 7 (graph), wire type 2, with a length varint of -1 (ten bytes, all bits set).
        byte[] bytes = [0x08, 0x08, 0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        Assert.ThrowsAny<InvalidDataException>(() => OnnxNetwork.Load(Write("negative.onnx", bytes)));
    }

    [Fact]
    public void External_data_outside_the_model_folder_is_refused()
    {
        var model = Tiny();
        var w = model.Graph!.Initializer[0];
        w.FloatData.Clear();
        w.DataLocation = TensorDataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto("location", "../secret.bin"));
        var e = Assert.ThrowsAny<Exception>(() => OnnxNetwork.Load(Write("escape.onnx", model.ToByteArray())));
        Assert.True(e is InvalidDataException or OnnxModelException, e.ToString());
        Assert.Contains("../secret.bin", e.Message);
    }

    [Fact]
    public void External_data_next_to_the_model_is_read_and_bounds_checked()
    {
        var model = Tiny();
        var w = model.Graph!.Initializer[0];
        w.FloatData.Clear();
        w.DataLocation = TensorDataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto("location", "weights.bin"));
        w.ExternalData.Add(new StringStringEntryProto("offset", "4"));
        var data = new byte[12];
        BitConverter.GetBytes(1f).CopyTo(data, 4);
        BitConverter.GetBytes(-5f).CopyTo(data, 8);
        Write("weights.bin", data);
        var network = OnnxNetwork.Load(Write("external.onnx", model.ToByteArray()));
        Assert.Equal([2f, 0f], network.Run(Tensor.FromArray([1f, 2f], 1, 2))["Y"].ToArray());

        Write("weights.bin", data[..10]);
        var e = Assert.Throws<OnnxModelException>(() => OnnxNetwork.Load(Path.Combine(_folder, "external.onnx")));
        Assert.Contains("beyond the end", e.Message);
    }

    [Fact]
    public void Undefined_input_is_refused_at_load()
    {
        var model = Tiny();
        model.Graph!.Node[1].Input[0] = "nowhere";
        var e = Assert.Throws<OnnxModelException>(() => OnnxNetwork.Load(Write("undefined.onnx", model.ToByteArray())));
        Assert.Contains("nowhere", e.Message);
    }

    [Fact]
    public void Input_contradicting_the_declared_shape_is_refused()
    {
        var network = OnnxNetwork.Load(Write("ok.onnx", Tiny().ToByteArray()));
        var e = Assert.Throws<OnnxModelException>(() => network.Run(Tensor.Zeros(2, 3)));
        Assert.Contains("axis 1", e.Message);
    }

    [Fact]
    public void Integer_indices_stay_exact_beyond_float_precision()
    {
        // Shape values above 2^24 flow through int64 arithmetic exactly: Y = Cast(Shape(X)[0] * 16777217) - 16777217·batch.
        var graph = new GraphProto();
        graph.Input.Add(ValueInfoProto.Tensor("X", TensorDataType.Float, "batch", 2));
        graph.Output.Add(ValueInfoProto.Tensor("Y", TensorDataType.Int64, 1));
        var big = new TensorProto { Name = "big", DataType = TensorDataType.Int64 };
        big.Dims.Add(1);
        big.Int64Data.Add(16777217);
        graph.Initializer.Add(big);
        var shape = new NodeProto { OpType = "Shape", Name = "shape" };
        shape.Input.Add("X");
        shape.Output.Add("s");
        shape.Attribute.Add(AttributeProto.Int("end", 1));
        var mul = new NodeProto { OpType = "Mul", Name = "mul" };
        mul.Input.AddRange(["s", "big"]);
        mul.Output.Add("p");
        var add = new NodeProto { OpType = "Add", Name = "add" };
        add.Input.AddRange(["p", "s"]);
        add.Output.Add("Y");
        graph.Node.AddRange([shape, mul, add]);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto("", 17));
        var network = OnnxNetwork.FromModel(model);
        var y = network.Run(new Dictionary<string, OnnxValue> { ["X"] = OnnxValue.FromTensor(Tensor.Zeros(3, 2)) })["Y"];
        Assert.Equal(OnnxElementKind.Int64, y.Kind);
        Assert.Equal([3L * 16777217 + 3], y.Integers);
    }
}
