using H3deMl.Tensors;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.NN.Layers;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Trainers.Network;

/// <summary>
/// The reference's <c>Conv3dReLU</c>: Conv3d 3×3×3 (stride 1, padding 1, no bias), InstanceNorm, LeakyReLU(0.01);
/// parameter names <c>0.weight</c>.
/// </summary>
internal static class ConvInstanceNormLeakyRelu
{
    internal static Sequential Create(int inChannels, int outChannels, RandomStream random) =>
        new(new Conv3dLayer(inChannels, outChannels, 3, random, stride: 1, padding: 1, useBias: false),
            new InstanceNorm3dLayer(),
            new LeakyReluLayer(0.01f));
}
