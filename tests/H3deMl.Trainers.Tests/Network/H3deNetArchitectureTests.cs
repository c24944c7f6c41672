using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;

namespace H3deMl.Trainers.Tests.Network;

public sealed class H3deNetArchitectureTests
{
    [Theory]
    [InlineData(H3deHead.Heatmap, 24_468_286L)]   // H3DE-NET.md §1.3: used parameters of BiFormer_Unet
    [InlineData(H3deHead.Anchors, 24_332_932L)]   // H3DE-NET.md §3: parameters that get gradients in PBiFormer_Unet (anchor head included)
    [InlineData(H3deHead.Both, 24_472_706L)]      // the heatmap network plus the 4,420-parameter anchor head
    public void ParameterCount_ReferenceArchitecture_MatchesReference(H3deHead head, long expected)
    {
        var net = new H3deNet(H3deNetArchitecture.Reference with { Head = head }, new RandomStream(1));
        Assert.Equal(expected, net.ParameterCount);
    }

    [Fact]
    public void NamedParameters_ReferenceArchitecture_UseReferenceModulePaths()
    {
        var names = new H3deNet(H3deNetArchitecture.Reference with { Head = H3deHead.Both }, new RandomStream(1))
            .NamedParameters().Select(p => p.Name).ToHashSet();
        foreach (var expected in new[]
                 {
                     "downsample_layers.0.0.weight", "downsample_layers.0.3.bias", "downsample_layers.3.0.weight",
                     "stages.2.3.attn.qkv.qkv.weight", "stages.0.1.attn.wo.bias", "stages.1.0.attn.lepe.weight",
                     "stages.3.1.pos_embed.weight", "stages.0.0.norm1.weight", "stages.2.0.mlp.0.weight", "stages.2.0.mlp.3.bias",
                     "norm0.weight", "norm3.bias", "up0.conv1.0.weight", "up4.conv2.0.weight", "c1.0.weight", "c2.0.weight",
                     "final_conv.weight", "final_conv.bias", "pre_layer.weight",
                 })
            Assert.Contains(expected, names);
        Assert.DoesNotContain(names, n => n.Contains("up0.conv1.0.bias", StringComparison.Ordinal));
    }

    [Fact]
    public void Forward_SmallArchitectureOddInput_GivesCroppedShapes()
    {
        var a = H3deNetArchitecture.Small with { Head = H3deHead.Both, LandmarkCount = 5 };
        var net = new H3deNet(a, new RandomStream(3));
        using var _ = GradMode.NoGrad();
        var output = net.Forward(Tensor.Full(0.5f, 1, 1, 37, 30, 17));
        Assert.Equal(new[] { 1, 5, 37, 30, 17 }, output.Heatmap!.Shape.ToArray());
        Assert.Equal(new[] { 1, 10, 8, 5, 4, 8 }, output.Anchors!.Shape.ToArray());
        Assert.All(output.Heatmap.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Constructor_SameSeed_GivesIdenticalWeights()
    {
        var a = new H3deNet(H3deNetArchitecture.Small, new RandomStream(11)).StateDict();
        var b = new H3deNet(H3deNetArchitecture.Small, new RandomStream(11)).StateDict();
        var c = new H3deNet(H3deNetArchitecture.Small, new RandomStream(12)).StateDict();
        foreach (var (name, t) in a) Assert.Equal(t.ToArray(), b[name].ToArray());
        Assert.NotEqual(a["stages.0.0.attn.qkv.qkv.weight"].ToArray(), c["stages.0.0.attn.qkv.qkv.weight"].ToArray());
    }

    [Fact]
    public void Validate_TopKAboveWindowCount_Throws()
    {
        var a = H3deNetArchitecture.Small with { TopK = [1, 4, 9, 8] };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new H3deNet(a, new RandomStream(1)));
        Assert.Equal("TopK", ex.ParamName);
    }
}
