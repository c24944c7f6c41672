using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.Data;

public sealed class CoordinateMappingTests
{
    [Fact]
    public void CoordinateMapping_MapsCurrentIndicesBackThroughHistory()
    {
        var size = new VolumeSize(10, 10, 10);
        var original = new Volume(new float[size.VoxelCount], VolumeGeometry.AxisAligned(size, new Vector3d(0.5, 0.7, 1.1), new Vector3d(-3, 4, 10)), VolumeElementType.Float32);
        var row = new ScanRow { Id = "x", Volume = original };
        VolumeGeometry cropGeometry = original.Geometry.Resample(new VolumeSize(5, 20, 10)).Crop((1, 2, 3), new VolumeSize(3, 3, 3));
        ScanRow cropped = row.WithVolume(new Volume(new float[27], cropGeometry, VolumeElementType.Float32), "Crop");
        var index = new Vector3d(0.25, 1.5, 2);
        Vector3d world = CoordinateMapping.CurrentIndexToWorldLps(cropped, index);
        Assert.Equal(cropGeometry.IndexToWorld(index), world);
        Vector3d back = CoordinateMapping.CurrentIndexToOriginalIndex(cropped, index);
        Assert.True(Vector3d.Distance(original.Geometry.IndexToWorld(back), world) < 1e-9);
        // Zoom 0.5 along i: crop index i = 0.25 is zoomed index 1.25, original (1.25 + 0.5)·2 − 0.5 = 3.
        Assert.Equal(3, back.X, 9);
        Assert.Single(cropped.History);
        Assert.Equal(original.Geometry, cropped.OriginalGeometry);
    }
}
