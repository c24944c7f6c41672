using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors;
using H3deMl.Transforms.Conversion;

namespace H3deMl.Transforms.Tests.Conversion;

public sealed class VolumeTensorTests
{
    [Theory]
    [InlineData(128, 128, 64)]
    [InlineData(33, 7, 45)]
    [InlineData(1, 1, 1)]
    public void ToNetworkInput_PutsIFirst_KFastest_AndRoundTrips(int sizeI, int sizeJ, int sizeK)
    {
        var size = new VolumeSize(sizeI, sizeJ, sizeK);
        var voxels = new float[size.VoxelCount];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = n;
        }

        var volume = new Volume(voxels, VolumeGeometry.AxisAligned(size), VolumeElementType.Float32);
        Tensor input = VolumeTensor.ToNetworkInput(volume);
        Assert.Equal([1, sizeI, sizeJ, sizeK], input.Shape.ToArray());
        ReadOnlySpan<float> t = input.AsReadOnlySpan();
        var probes = new[] { (0, 0, 0), (sizeI - 1, 0, 0), (0, sizeJ - 1, 0), (0, 0, sizeK - 1), (sizeI / 2, sizeJ / 3, sizeK - 1) };
        foreach ((int i, int j, int k) in probes)
        {
            Assert.Equal(volume[i, j, k], t[(((i * sizeJ) + j) * sizeK) + k]);
        }

        Volume back = VolumeTensor.FromNetworkOutput(input, volume.Geometry).Single();
        Assert.Equal(voxels, back.Voxels);
    }

    [Fact]
    public void ToNetworkBatch_StacksVolumes_AndRejectsMixedSizes()
    {
        var a = new Volume(new float[24], VolumeGeometry.AxisAligned(new VolumeSize(2, 3, 4)), VolumeElementType.Float32);
        var b = new Volume(Enumerable.Repeat(1f, 24).ToArray(), a.Geometry, VolumeElementType.Float32);
        Tensor batch = VolumeTensor.ToNetworkBatch([a, b]);
        Assert.Equal([2, 1, 2, 3, 4], batch.Shape.ToArray());
        Assert.Equal(1f, batch.AsReadOnlySpan()[24]);
        var c = new Volume(new float[8], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2)), VolumeElementType.Float32);
        Assert.Contains("every volume of a batch", Assert.Throws<ArgumentException>(() => VolumeTensor.ToNetworkBatch([a, c])).Message);
    }

    [Fact]
    public void FromNetworkOutput_WrongShape_SaysWhatWasExpected()
    {
        var g = VolumeGeometry.AxisAligned(new VolumeSize(2, 3, 4));
        var e = Assert.Throws<ArgumentException>(() => VolumeTensor.FromNetworkOutput(Tensor.Zeros(3, 4, 3, 2), g));
        Assert.Contains("(C, 2, 3, 4)", e.Message);
    }
}
