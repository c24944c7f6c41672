using H3deMl.Core.Geometry;
using H3deMl.Core.Registration;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.Registration;

public sealed class BoneSurfaceTests
{
    [Fact]
    public void Extract_Cube_GivesItsFaceVoxelsInWorldMm()
    {
        var size = new VolumeSize(12, 12, 12);
        var voxels = new float[size.VoxelCount];
        for (int k = 3; k <= 8; k++)
        {
            for (int j = 3; j <= 8; j++)
            {
                for (int i = 3; i <= 8; i++)
                {
                    voxels[i + (12 * (j + (12 * k)))] = 100;
                }
            }
        }

        var geometry = new VolumeGeometry(size, new Vector3d(0.5, 0.5, 0.5), new Vector3d(10, 20, 30), Matrix3d.Identity);
        Vector3d[] points = BoneSurface.Extract(new Volume(voxels, geometry, VolumeElementType.Float32), new BoneSurfaceOptions { Threshold = 50 });
        Assert.Equal((6 * 6 * 6) - (4 * 4 * 4), points.Length);
        Assert.All(points, p =>
        {
            Vector3d index = geometry.WorldToIndex(p);
            Assert.Contains(new[] { index.X, index.Y, index.Z }, c => Math.Abs(c - 3) < 1e-9 || Math.Abs(c - 8) < 1e-9);
        });
    }

    [Fact]
    public void Extract_Otsu_SeparatesTwoLevelsAndBudgetHolds()
    {
        var size = new VolumeSize(40, 40, 40);
        var voxels = new float[size.VoxelCount];
        for (int n = 0; n < voxels.Length; n++)
        {
            int i = n % 40, j = n / 40 % 40, k = n / 1600;
            voxels[n] = ((i - 20) * (i - 20)) + ((j - 20) * (j - 20)) + ((k - 20) * (k - 20)) < 144 ? 900 : 10;
        }

        var volume = new Volume(voxels, VolumeGeometry.AxisAligned(size), VolumeElementType.Float32);
        double threshold = BoneSurface.Threshold(volume);
        Assert.InRange(threshold, 10, 900);
        Vector3d[] points = BoneSurface.Extract(volume, new BoneSurfaceOptions { MaxPoints = 100 });
        Assert.Equal(100, points.Length);
        Assert.All(points, p => Assert.InRange((p - new Vector3d(20, 20, 20)).Length, 10, 12.01));
    }

    [Fact]
    public void Extract_Phantom_IsDeterministic()
    {
        Vector3d[] a = RegistrationTestKit.PhantomSurface(1), b = RegistrationTestKit.PhantomSurface(1);
        Assert.Equal(4000, a.Length);
        Assert.Equal(a, b);
    }
}
