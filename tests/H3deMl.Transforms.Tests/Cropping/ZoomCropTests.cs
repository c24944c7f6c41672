using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Tests.Helpers;

namespace H3deMl.Transforms.Tests.Cropping;

public sealed class ZoomCropTests
{
    private static readonly VolumeGeometry Geometry = VolumeGeometry.AxisAligned(new VolumeSize(200, 180, 120), new Vector3d(0.5, 0.5, 0.8));
    private static readonly Vector3d[] Landmarks = [new(60, 50, 40), new(140, 120, 80), new(100, 90, 60)];

    [Fact]
    public void PlanRandom_KeepsLandmarksInside_RatesCappedAtOne_ShiftSymmetric()
    {
        var options = new RandomCropOptions();
        var random = new RandomStream(5);
        double sumRelative = 0;
        int below = 0, above = 0;
        for (int n = 0; n < 400; n++)
        {
            ZoomCropPlan plan = ZoomCrop.PlanRandom(Geometry, Landmarks, options, random.Fork((ulong)n));
            Assert.InRange(plan.ZoomRates.X, 0.0, 1.0);
            Assert.InRange(plan.ZoomRates.Y, 0.0, 1.0);
            Assert.InRange(plan.ZoomRates.Z, 0.0, 1.0);
            foreach (Vector3d l in Landmarks)
            {
                Vector3d c = plan.CropGeometry.WorldToIndex(Geometry.IndexToWorld(l));
                Assert.InRange(c.X, -0.5, options.SizeI - 0.5);
                Assert.InRange(c.Y, -0.5, options.SizeJ - 0.5);
                Assert.InRange(c.Z, -0.5, options.SizeK - 0.5);
            }

            // Where the box centre lands in the crop, relative to the crop centre along i.
            Vector3d centre = plan.CropGeometry.WorldToIndex(Geometry.IndexToWorld(new Vector3d(100, 85, 60)));
            double relative = centre.X - ((options.SizeI - 1) / 2.0);
            sumRelative += relative;
            below += relative < -3 ? 1 : 0;
            above += relative > 3 ? 1 : 0;
        }

        // The reference only shifted landmarks towards the crop's low end; ours is symmetric.
        Assert.True(below > 60 && above > 60, $"shifts: {below} below, {above} above the centre");
        Assert.InRange(sumRelative / 400, -3.0, 3.0);
    }

    [Fact]
    public void PlanRandom_SpreadWiderThanCrop_ShrinksThatAxisOnly_NeverZoomsIn()
    {
        Vector3d[] wide = [new(0, 80, 50), new(199, 90, 55)];
        ZoomCropPlan plan = ZoomCrop.PlanRandom(Geometry, wide, new RandomCropOptions(), new RandomStream(1));
        Assert.True(plan.ZoomRates.X < 0.65, $"rate i {plan.ZoomRates.X}");
        Assert.InRange(plan.ZoomRates.Y, 0.6, 1.0);
        Assert.InRange(plan.ZoomRates.Z, 0.6, 1.0);
    }

    [Fact]
    public void PlanCenter_CentresTheLandmarkBox_AndIsDeterministic()
    {
        var options = new CenterCropOptions { SizeI = 128, SizeJ = 128, SizeK = 64 };
        ZoomCropPlan a = ZoomCrop.PlanCenter(Geometry, Landmarks, options);
        Assert.Equal(a, ZoomCrop.PlanCenter(Geometry, Landmarks, options));
        Vector3d centre = a.CropGeometry.WorldToIndex(Geometry.IndexToWorld(new Vector3d(100, 85, 60)));
        Assert.InRange(centre.X, 62.0, 65.0);
        Assert.InRange(centre.Y, 62.0, 65.0);
        Assert.InRange(centre.Z, 30.0, 33.0);
        Assert.InRange(a.ZoomRates.X, 0.0, 1.0);
    }

    [Fact]
    public void PlanCenter_WithoutLandmarks_FitsTheWholeVolume()
    {
        ZoomCropPlan plan = ZoomCrop.PlanCenter(Geometry, [], new CenterCropOptions());
        foreach (Vector3d corner in new[] { new Vector3d(0, 0, 0), new Vector3d(199, 179, 119) })
        {
            Vector3d c = plan.CropGeometry.WorldToIndex(Geometry.IndexToWorld(corner));
            Assert.InRange(c.X, -0.5, 127.5);
            Assert.InRange(c.Y, -0.5, 127.5);
            Assert.InRange(c.Z, -0.5, 63.5);
        }
    }

    [Fact]
    public void Apply_CropPastTheVolume_IsPaddedWithTheBackground_NotZero()
    {
        (Volume volume, var landmarks) = TestScans.Scan(VolumeGeometry.AxisAligned(new VolumeSize(30, 30, 20)));
        var options = new CenterCropOptions { SizeI = 48, SizeJ = 48, SizeK = 32, UseZoom = false };
        ZoomCropPlan plan = ZoomCrop.PlanCenter(volume.Geometry, [], options);
        float min = volume.Voxels.Min();
        Volume crop = ZoomCrop.Apply(volume, plan, min);
        Assert.Equal(min, crop[0, 0, 0]);
        Assert.NotEqual(0f, min);
        Assert.Equal(volume[0, 0, 0], crop[-plan.StartI, -plan.StartJ, -plan.StartK]);
    }

    [Fact]
    public void Apply_Zoom_SamplesTheSourceTrilinearly()
    {
        var g = VolumeGeometry.AxisAligned(new VolumeSize(20, 20, 20));
        var voxels = new float[8000];
        for (int n = 0; n < voxels.Length; n++)
        {
            voxels[n] = (n % 20) * 2 + (n / 20 % 20) * 3 + (n / 400) * 5; // linear in i, j, k: trilinear is exact
        }

        var volume = new Volume(voxels, g, VolumeElementType.Float32);
        var plan = ZoomCrop.PlanRandom(g, [new Vector3d(10, 10, 10)], new RandomCropOptions { SizeI = 8, SizeJ = 8, SizeK = 8 }, new RandomStream(3));
        Volume crop = ZoomCrop.Apply(volume, plan, 0);
        for (int k = 0; k < 8; k++)
        {
            for (int j = 0; j < 8; j++)
            {
                for (int i = 0; i < 8; i++)
                {
                    Vector3d s = g.WorldToIndex(crop.Geometry.IndexToWorld(new Vector3d(i, j, k)));
                    if (s.X >= 0 && s.Y >= 0 && s.Z >= 0 && s.X <= 19 && s.Y <= 19 && s.Z <= 19)
                    {
                        Assert.Equal((2 * s.X) + (3 * s.Y) + (5 * s.Z), crop[i, j, k], 3);
                    }
                }
            }
        }
    }
}
