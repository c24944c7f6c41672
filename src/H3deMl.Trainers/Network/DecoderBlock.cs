using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Trainers.Network;

/// <summary>Trilinear ×2 upsampling, concatenation [upsampled, skip] along channels, then two conv–IN–LeakyReLU (<c>conv1</c>, <c>conv2</c>).</summary>
internal sealed class DecoderBlock : Module
{
    private readonly Sequential _conv1;
    private readonly Sequential _conv2;

    internal DecoderBlock(int inChannels, int skipChannels, int outChannels, RandomStream random)
    {
        _conv1 = RegisterModule("conv1", ConvInstanceNormLeakyRelu.Create(inChannels + skipChannels, outChannels, random.Fork("conv1")));
        _conv2 = RegisterModule("conv2", ConvInstanceNormLeakyRelu.Create(outChannels, outChannels, random.Fork("conv2")));
    }

    internal Tensor Forward(Tensor x, Tensor skip)
    {
        var up = Functional.UpsampleTrilinear(x, 2);
        var joined = Functional.Concat([up, skip], 1);
        TensorScope.Discard(up);
        var h = _conv1.Forward(joined);
        TensorScope.Discard(joined);
        var output = _conv2.Forward(h);
        if (!output.SharesStorage(h)) TensorScope.Discard(h);
        return output;
    }
}
