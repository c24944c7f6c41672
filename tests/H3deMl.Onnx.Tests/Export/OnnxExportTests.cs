using System.Text.Json;
using H3deMl.Onnx.Export;
using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Network;
using Microsoft.ML;

namespace H3deMl.Onnx.Tests.Export;

public sealed class OnnxExportTests
{
    private static ModelProto Export(ITransformer chain, MLContext ml, int opset = 17)
    {
        using var stream = new MemoryStream();
        ml.Model.ExportToOnnx(chain, stream, new OnnxExportOptions { Opset = opset });
        return ModelProto.Parse(stream.ToArray());
    }

    [Fact]
    public void TheGraphHasNamedInputOutputsWithDynamicBatchAndEveryWeight()
    {
        var ml = new MLContext(seed: 1);
        var chain = SeededModels.Create(ml, SeededModels.SmallBoth, 5, SeededModels.SmallWindow);
        var model = Export(chain, ml);

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.DefaultOpsetVersion());
        Assert.Equal("H3deMl", model.ProducerName);
        var graph = model.Graph!;
        var input = Assert.Single(graph.Input);
        Assert.Equal("image", input.Name);
        var dims = input.Type!.TensorType!.Shape!.Dims;
        Assert.Equal("N", dims[0].Param);
        Assert.Equal([1L, 32, 32, 16], dims.Skip(1).Select(d => d.Value!.Value));
        Assert.Equal(["heatmap", "anchors"], graph.Output.Select(o => o.Name));
        Assert.Equal([4L, 32, 32, 16], graph.Output[0].Type!.TensorType!.Shape!.Dims.Skip(1).Select(d => d.Value!.Value));
        Assert.Equal([8L, 8, 4, 4, 7], graph.Output[1].Type!.TensorType!.Shape!.Dims.Skip(1).Select(d => d.Value!.Value));

        // Every parameter is an initializer under its reference name, with the network's exact values.
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var parameters = SeededModels.Network(chain).NamedParameters().ToList();
        Assert.NotEmpty(parameters);
        foreach (var (name, parameter) in parameters)
        {
            var tensor = initializers[name];
            Assert.Equal(parameter.Value.Shape.ToArray().Select(d => (long)d), tensor.Dims);
            Assert.Equal(parameter.Value.ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray());
        }
        Assert.Contains("stages.2.1.attn.qkv.qkv.weight", initializers.Keys);

        // Only standard operators; the routing is TopK + GatherElements; GELU is written with Erf before opset 20.
        var ops = graph.Node.Select(n => n.OpType).ToHashSet();
        Assert.Subset(new HashSet<string>
        {
            "Conv", "InstanceNormalization", "LeakyRelu", "LayerNormalization", "Resize", "AveragePool", "Gemm", "MatMul",
            "Softmax", "Erf", "Mul", "Add", "TopK", "GatherElements", "Expand", "Reshape", "Transpose", "Concat", "Slice",
            "Pad", "ReduceMean",
        }, ops);
        Assert.Contains("TopK", ops);
        Assert.Contains("Erf", ops);
        Assert.DoesNotContain("Gelu", ops);
        Assert.All(graph.Node, n => Assert.Equal("", n.Domain));

        // Every node input is produced before it is used (topological order).
        var known = new HashSet<string>(graph.Input.Select(i => i.Name).Concat(initializers.Keys)) { "" };
        foreach (var node in graph.Node)
        {
            Assert.All(node.Input, i => Assert.Contains(i, known));
            foreach (var o in node.Output) Assert.True(known.Add(o), $"{o} is produced twice");
        }
        Assert.All(graph.Output, o => Assert.Contains(o.Name, known));
    }

    [Fact]
    public void MetadataCarriesLandmarksPreprocessingAndDecodingParameters()
    {
        var ml = new MLContext(seed: 1);
        var chain = SeededModels.Create(ml, SeededModels.SmallBoth, 5, SeededModels.SmallWindow, withPreprocessing: true);
        var model = Export(chain, ml);

        Assert.Equal(new[] { "L0", "L1", "L2", "L3" }, JsonSerializer.Deserialize<string[]>(model.Metadata(OnnxMetadataKeys.LandmarkNames)!)!);
        Assert.Equal("Both", model.Metadata(OnnxMetadataKeys.Head));
        Assert.Equal("0.4", model.Metadata(OnnxMetadataKeys.PresenceThreshold));
        Assert.Equal("[32,32,16]", model.Metadata(OnnxMetadataKeys.WindowSize));
        Assert.False(string.IsNullOrEmpty(model.Metadata(OnnxMetadataKeys.LibraryVersion)));
        using var normalize = JsonDocument.Parse(model.Metadata(OnnxMetadataKeys.NormalizeIntensity)!);
        Assert.Equal(-1000, normalize.RootElement.GetProperty("windowMin").GetDouble());
        Assert.Equal(2000, normalize.RootElement.GetProperty("windowMax").GetDouble());
        using var crop = JsonDocument.Parse(model.Metadata(OnnxMetadataKeys.CenterCrop)!);
        Assert.Equal(16, crop.RootElement.GetProperty("sizeK").GetInt32());
        using var steps = JsonDocument.Parse(model.Metadata(OnnxMetadataKeys.Preprocessing)!);
        Assert.Equal(["VolumeLoadingTransformer", "IntensityNormalizingTransformer", "CenterCropTransformer"],
            steps.RootElement.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        using var architecture = JsonDocument.Parse(model.Metadata(OnnxMetadataKeys.Architecture)!);
        Assert.Equal(4, architecture.RootElement.GetProperty("landmarkCount").GetInt32());
        Assert.Null(model.Metadata(OnnxMetadataKeys.Resample));
    }

    [Theory]
    [InlineData(18, 8)]
    [InlineData(20, 9)]
    [InlineData(21, 10)]
    public void LaterOpsetsUseTheirOperatorForms(int opset, long irVersion)
    {
        var ml = new MLContext(seed: 1);
        var chain = SeededModels.Create(ml, SeededModels.SmallBoth with { Head = H3deHead.Anchors }, 5, SeededModels.SmallWindow);
        var model = Export(chain, ml, opset);
        Assert.Equal((irVersion, (long?)opset), (model.IrVersion, model.DefaultOpsetVersion()));
        var reduce = model.Graph!.Node.First(n => n.OpType == "ReduceMean");
        Assert.Equal(2, reduce.Input.Count);
        Assert.Null(reduce.FindAttribute("axes"));
        Assert.Equal(opset >= 20, model.Graph.Node.Any(n => n.OpType == "Gelu"));
        Assert.Equal(["anchors"], model.Graph.Output.Select(o => o.Name));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(22)]
    public void UnsupportedOpsetsAreRefused(int opset)
    {
        var ml = new MLContext(seed: 1);
        var chain = SeededModels.Create(ml, SeededModels.SmallBoth, 5, SeededModels.SmallWindow);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Model.ExportToOnnx(chain, Stream.Null, new OnnxExportOptions { Opset = opset }));
    }

    [Fact]
    public void ExportIsDeterministic()
    {
        var ml = new MLContext(seed: 1);
        var chain = SeededModels.Create(ml, SeededModels.SmallBoth, 5, SeededModels.SmallWindow);
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        ml.Model.ExportToOnnx(chain, a);
        ml.Model.ExportToOnnx(chain, b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }
}

public sealed class OnnxNetworkExportTests
{
    [Fact]
    public void ABareNetworkExportsTheSameGraphAsItsPipeline()
    {
        var ml = new MLContext(seed: 1);
        var fromPipeline = OrtFixtureWriter.ExportSmallBoth(ml, out var chain);
        var network = SeededModels.Network(chain);
        var bare = network.ToOnnxModel((32, 32, 16));
        Assert.Equal(OrtFixtureWriter.GraphHash(fromPipeline), OrtFixtureWriter.GraphHash(bare));
        Assert.Equal("Both", bare.Metadata(OnnxMetadataKeys.Head));
        Assert.Null(bare.Metadata(OnnxMetadataKeys.LandmarkNames));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.ToOnnxModel((32, 32, 0)));
    }
}
