using H3deMl.Onnx.Protobuf;

namespace H3deMl.Onnx.Tests.Protobuf;

/// <summary>Reads a model written by <c>torch.onnx.export</c> (Fixtures/generate_torch_tiny.py, torch 1.13).</summary>
public sealed class OnnxProtobufTorchFileTests
{
    private static readonly string s_path = Path.Combine(AppContext.BaseDirectory, "Protobuf", "Fixtures", "torch_tiny.onnx");

    [Fact]
    public void TheTorchExportReadsWithItsGraphWeightsAndDynamicBatch()
    {
        var model = ModelProto.ReadFile(s_path);

        Assert.Equal(("pytorch", "1.13.0"), (model.ProducerName, model.ProducerVersion));
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.DefaultOpsetVersion());
        var graph = model.Graph!;
        Assert.Equal(["Conv", "LeakyRelu", "LayerNormalization", "Sigmoid"], graph.Node.Select(n => n.OpType));

        var conv = graph.Node[0];
        Assert.Equal(["image", "conv.weight", "conv.bias"], conv.Input);
        Assert.Equal([3L, 3, 3], conv.FindAttribute("kernel_shape")!.Ints);
        Assert.Equal([1L, 1, 1, 1, 1, 1], conv.FindAttribute("pads")!.Ints);
        Assert.Equal(1, conv.FindAttribute("group")!.I);
        Assert.Equal(0.01f, graph.Node[1].FindAttribute("alpha")!.F);
        Assert.Equal(-1, graph.Node[2].FindAttribute("axis")!.I);

        var weight = graph.Initializer.Single(t => t.Name == "conv.weight");
        Assert.Equal(TensorDataType.Float, weight.DataType);
        Assert.Equal([2L, 1, 3, 3, 3], weight.Dims);
        Assert.Equal(2 * 27 * 4, weight.RawData.Length);
        var weights = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.RawData.Span);
        Assert.All(weights.ToArray(), w => Assert.InRange(Math.Abs(w), 1e-6f, 1f / MathF.Sqrt(27f)));
        Assert.Equal([4L], graph.Initializer.Single(t => t.Name == "norm.weight").Dims);

        var input = Assert.Single(graph.Input).Type!.TensorType!;
        Assert.Equal("image", graph.Input[0].Name);
        Assert.Equal("N", input.Shape!.Dims[0].Param);
        Assert.Equal([1L, 2, 3, 4], input.Shape.Dims.Skip(1).Select(d => d.Value!.Value));
        Assert.Equal("out", Assert.Single(graph.Output).Name);
    }

    [Fact]
    public void RewritingTheTorchExportIsStable()
    {
        var once = ModelProto.ReadFile(s_path).ToByteArray();
        var twice = ModelProto.Parse(once).ToByteArray();
        Assert.Equal(once, twice);
    }
}
