using H3deMl.Onnx.Scoring;
using H3deMl.TestKit;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>Every single-operator model exported by torch.onnx.export reproduces PyTorch's outputs.</summary>
public sealed class OperatorFixtureTests
{
    public static TheoryData<string> Operators() => [.. ScoringFixtures.ModelNames("op_")];

    [Theory]
    [MemberData(nameof(Operators))]
    public void Reproduces_pytorch(string name)
    {
        var model = ScoringFixtures.Model(name);
        var network = OnnxNetwork.Load(ScoringFixtures.PathOf(model.GetProperty("file").GetString()!));
        Assert.Equal(17, network.Opset);
        var outputs = network.Run(ScoringFixtures.Inputs(model));
        foreach (var o in model.GetProperty("outputs").EnumerateArray())
        {
            var expected = ScoringFixtures.ReadValue(o.GetProperty("file").GetString()!);
            var actual = outputs[o.GetProperty("name").GetString()!];
            Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
            Assert.Equal(expected.Kind, actual.Kind);
            if (expected.IsFloat)
                Tolerance.AssertClose(actual.Tensor.ToArray(), expected.Tensor.ToArray(), 1e-5, $"{name}.{o.GetProperty("name").GetString()}");
            else
                Assert.Equal(expected.Integers, actual.Integers);
        }
    }

    [Fact]
    public void Fixtures_cover_every_operator_torch_emitted()
    {
        var emitted = ScoringFixtures.Manifest.GetProperty("operators").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        emitted.ExceptWith(OnnxNetwork.SupportedOperators);
        Assert.Empty(emitted);
    }
}
