using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.Pipeline;

/// <summary>Small in-memory volumes for pipeline tests.</summary>
internal static class ScanVolumes
{
    public static Volume Ramp(int i = 6, int j = 5, int k = 4, float scale = 1)
    {
        var size = new VolumeSize(i, j, k);
        var voxels = new float[size.VoxelCount];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = n * scale;
        }

        return new Volume(voxels, VolumeGeometry.AxisAligned(size, new Vector3d(0.5, 0.7, 1.1), new Vector3d(-3, 4, 10)), VolumeElementType.Float32);
    }

    public static LandmarkSet Landmarks(params string[] names) =>
        new(names.Select((n, i) => new Landmark(n, new Vector3d(i, i + 1, i + 2), true)));
}
