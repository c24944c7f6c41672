using H3deMl.Onnx.Scoring;
using H3deMl.TestKit;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>
/// The PyTorch rendering of H3DE-Net (the one the network parity tests use), exported with torch.onnx.export at
/// opset 17 with a dynamic batch axis, reproduces PyTorch's output for each head.
/// </summary>
public sealed class NetworkFixtureTests
{
    [Theory]
    [InlineData("net_heatmap")]
    [InlineData("net_anchors")]
    public void Small_network_reproduces_pytorch(string name)
    {
        var model = ScoringFixtures.Model(name);
        var network = OnnxNetwork.Load(ScoringFixtures.PathOf(model.GetProperty("file").GetString()!));
        var inputs = ScoringFixtures.Inputs(model);
        var output = model.GetProperty("outputs")[0];
        var expected = ScoringFixtures.ReadValue(output.GetProperty("file").GetString()!);
        for (var run = 0; run < 2; run++) // the second run takes the cached shape arithmetic
        {
            var actual = network.Run(inputs)[output.GetProperty("name").GetString()!];
            Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
            Tolerance.AssertClose(actual.Tensor.ToArray(), expected.Tensor.ToArray(), 1e-4, $"{name} run {run}");
        }
    }

    [Fact]
    public void Batch_axis_is_dynamic()
    {
        var model = ScoringFixtures.Model("net_heatmap");
        var network = OnnxNetwork.Load(ScoringFixtures.PathOf("net_heatmap.onnx"));
        var input = ScoringFixtures.Inputs(model)["input"].Tensor;
        var expected = ScoringFixtures.ReadValue("net_heatmap_heatmap.npy").Tensor;
        var second = input.Slice(0, 1, 1).Contiguous();
        var actual = network.Run(second)["heatmap"];
        Assert.Equal(1, actual.Size(0));
        Tolerance.AssertClose(actual.ToArray(), expected.Slice(0, 1, 1).ToArray(), 1e-4, "batch of one");
    }
}
