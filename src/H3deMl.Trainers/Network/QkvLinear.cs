using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Trainers.Network;

/// <summary>The fused projection of the reference (<c>qkv.qkv</c>): output channels laid out [q | k | v].</summary>
internal sealed class QkvLinear : Module<Tensor, Tensor>
{
    internal QkvLinear(int width, int qkWidth, RandomStream random) =>
        Projection = RegisterModule("qkv", new LinearLayer(width, 2 * qkWidth + width, random));

    internal LinearLayer Projection { get; }

    public override Tensor Forward(Tensor input) => Projection.Forward(input);
}
