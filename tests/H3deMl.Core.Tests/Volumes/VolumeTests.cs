using H3deMl.Core.Geometry;
using H3deMl.Core.Volumes;

namespace H3deMl.Core.Tests.Volumes;

public sealed class VolumeTests
{
    [Fact]
    public void Indexer_IFastestLayout_ReadsExpectedElement()
    {
        var g = VolumeGeometry.AxisAligned(new VolumeSize(3, 2, 2));
        float[] voxels = [.. Enumerable.Range(0, 12).Select(x => (float)x)];
        var v = new Volume(voxels, g, VolumeElementType.Float32);

        Assert.Equal(1 + (3 * (1 + (2 * 1))), v[1, 1, 1]);
        Assert.Equal(2f, v[2, 0, 0]);
    }

    [Fact]
    public void GetValue_ComponentFastestLayout_ReadsExpectedElement()
    {
        var g = VolumeGeometry.AxisAligned(new VolumeSize(2, 1, 1));
        var v = new Volume([10, 11, 12, 20, 21, 22], g, VolumeElementType.UInt8, null, components: 3);

        Assert.Equal(22f, v.GetValue(1, 0, 0, 2));
        Assert.Equal(11f, v.GetValue(0, 0, 0, 1));
    }

    [Fact]
    public void Constructor_WrongLength_ThrowsNamingVoxels()
    {
        var e = Assert.Throws<ArgumentException>(() => new Volume(new float[5], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 1)), VolumeElementType.Float32));

        Assert.Equal("voxels", e.ParamName);
    }

    [Fact]
    public void GetValue_OutOfRange_ThrowsNamingAxis()
    {
        var v = new Volume(new float[4], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 1)), VolumeElementType.Float32);

        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => v[0, 0, 1]).ParamName);
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Volume.ReadAsync("whatever.nii", cts.Token));
    }

    [Fact]
    public async Task WriteAsyncThenReadAsync_Nrrd_RoundTrips()
    {
        var v = new Volume([1, 2, 3, 4], VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 1), new Vector3d(0.5, 0.5, 1)), VolumeElementType.Float32);
        string path = Path.Combine(Path.GetTempPath(), "h3deml-async-" + Guid.NewGuid().ToString("N") + ".nrrd");
        try
        {
            await v.WriteAsync(path);
            Volume back = await Volume.ReadAsync(path);

            Assert.Equal(v.Voxels, back.Voxels);
            Assert.Equal(v.Geometry, back.Geometry);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
