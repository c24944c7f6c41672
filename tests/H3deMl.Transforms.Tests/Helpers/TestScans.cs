using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Augmentation;

namespace H3deMl.Transforms.Tests.Helpers;

/// <summary>Synthetic scans for transform tests: an oblique grid with a smooth background and bright Gaussian blobs at the landmarks.</summary>
internal static class TestScans
{
    public static readonly string[] Names = ["L_A", "R_A", "Mid", "Gone"];

    /// <summary>An oblique, anisotropic grid (direction rotated by (10°, −20°, 35°), spacing 0.8/1.1/1.5 mm).</summary>
    public static VolumeGeometry ObliqueGeometry(int i = 60, int j = 50, int k = 40) =>
        new(new VolumeSize(i, j, k), new Vector3d(0.8, 1.1, 1.5), new Vector3d(-20, 15, -30), Augmentations.RotationMatrix(new Vector3d(10, -20, 35)));

    /// <summary>Landmark indices (present ones) in <see cref="ObliqueGeometry"/>: two lateral, one central; the fourth is missing.</summary>
    public static readonly Vector3d[] IndicesIjk = [new(15.3, 20.2, 18.7), new(44.6, 21.1, 19.4), new(30.2, 33.8, 24.1), new(0, 0, 0)];

    public static (Volume Volume, LandmarkSet Landmarks) Scan(VolumeGeometry? geometry = null, double blobSigma = 1.6)
    {
        geometry ??= ObliqueGeometry();
        VolumeSize s = geometry.Size;
        var voxels = new float[s.VoxelCount];
        for (int k = 0; k < s.K; k++)
        {
            for (int j = 0; j < s.J; j++)
            {
                for (int i = 0; i < s.I; i++)
                {
                    double v = 10 + (0.3 * i) - (0.2 * j) + (0.1 * k);
                    for (int n = 0; n < 3; n++)
                    {
                        Vector3d d = new Vector3d(i, j, k) - IndicesIjk[n];
                        v += 1000 * Math.Exp(-Vector3d.Dot(d, d) / (2 * blobSigma * blobSigma));
                    }

                    voxels[i + (s.I * (j + (s.J * k)))] = (float)v;
                }
            }
        }

        LandmarkSet landmarks = LandmarkSet.FromIndices(Names, IndicesIjk, [true, true, true, false], geometry);
        return (new Volume(voxels, geometry, VolumeElementType.Float32), landmarks);
    }

    /// <summary>The intensity-weighted centroid (world LPS) of voxels above a threshold within a radius (voxels) of a world point.</summary>
    public static Vector3d BlobCentroidWorld(Volume volume, Vector3d nearWorld, double radiusVoxels = 4, double threshold = 200)
    {
        Vector3d c = volume.Geometry.WorldToIndex(nearWorld);
        VolumeSize s = volume.Size;
        double sw = 0, sx = 0, sy = 0, sz = 0;
        for (int k = Math.Max(0, (int)(c.Z - radiusVoxels)); k <= Math.Min(s.K - 1, (int)(c.Z + radiusVoxels)); k++)
        {
            for (int j = Math.Max(0, (int)(c.Y - radiusVoxels)); j <= Math.Min(s.J - 1, (int)(c.Y + radiusVoxels)); j++)
            {
                for (int i = Math.Max(0, (int)(c.X - radiusVoxels)); i <= Math.Min(s.I - 1, (int)(c.X + radiusVoxels)); i++)
                {
                    double w = volume[i, j, k] - threshold;
                    if (w > 0)
                    {
                        sw += w;
                        sx += w * i;
                        sy += w * j;
                        sz += w * k;
                    }
                }
            }
        }

        return volume.Geometry.IndexToWorld(new Vector3d(sx / sw, sy / sw, sz / sw));
    }
}
