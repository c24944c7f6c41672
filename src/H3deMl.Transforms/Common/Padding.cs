using System.Numerics.Tensors;
using H3deMl.Core.Volumes;

namespace H3deMl.Transforms.Common;

/// <summary>Resolves the padding value of a volume.</summary>
internal static class Padding
{
    public static float Resolve(Volume volume, PaddingMode mode, float constant) => mode switch
    {
        PaddingMode.Constant => constant,
        _ => volume.Voxels.Length == 0 ? 0f : TensorPrimitives.Min<float>(volume.Voxels),
    };
}
