using H3deMl.Core.Geometry;
using H3deMl.Core.Tests.IO;

namespace H3deMl.Core.Tests.Geometry;

public sealed class VolumeGeometryTests
{
    private static VolumeGeometry Oblique() => RoundTripTests.MakeOblique(1).Geometry;

    [Fact]
    public void IndexToWorld_ItkConvention_OriginPlusDirectionTimesSpacingTimesIndex()
    {
        VolumeGeometry g = Oblique();
        var index = new Vector3d(1.5, -2, 3.25);

        Vector3d world = g.IndexToWorld(index);

        // world = origin + Σ_c index_c · spacing_c · column_c, written out by hand.
        Vector3d expected = g.OriginLps
            + (g.Direction.Column(0) * (1.5 * 0.7))
            + (g.Direction.Column(1) * (-2 * 1.3))
            + (g.Direction.Column(2) * (3.25 * 2.9));
        Assert.Equal(expected.X, world.X, 12);
        Assert.Equal(expected.Y, world.Y, 12);
        Assert.Equal(expected.Z, world.Z, 12);
    }

    [Fact]
    public void WorldToIndex_AfterIndexToWorld_ReturnsIndex()
    {
        VolumeGeometry g = Oblique();
        var index = new Vector3d(4.2, 0.1, -7.9);

        Vector3d back = g.WorldToIndex(g.IndexToWorld(index));

        Assert.True(Vector3d.Distance(index, back) < 1e-12, $"{back} vs {index}");
    }

    [Fact]
    public void Crop_StartOffset_SameWorldPositions()
    {
        VolumeGeometry g = Oblique();
        VolumeGeometry crop = g.Crop((2, -1, 1), new VolumeSize(2, 2, 2));
        var x = new Vector3d(0.5, 1, 1);

        Assert.True(Vector3d.Distance(crop.IndexToWorld(x), g.IndexToWorld(x + new Vector3d(2, -1, 1))) < 1e-12);
        Assert.Equal(new VolumeSize(2, 2, 2), crop.Size);
    }

    [Fact]
    public void Resample_HalfSize_KeepsOuterEdgesAndDoublesSpacing()
    {
        VolumeGeometry g = VolumeGeometry.AxisAligned(new VolumeSize(4, 6, 8), new Vector3d(1, 2, 3), new Vector3d(10, 20, 30));

        VolumeGeometry r = g.Resample(new VolumeSize(2, 3, 4));

        Assert.Equal(new Vector3d(2, 4, 6), r.SpacingMm);

        // The outer edge of voxel 0 (index −0.5) stays put; so does the far edge.
        Assert.True(Vector3d.Distance(g.IndexToWorld(new Vector3d(-0.5, -0.5, -0.5)), r.IndexToWorld(new Vector3d(-0.5, -0.5, -0.5))) < 1e-12);
        Assert.True(Vector3d.Distance(g.IndexToWorld(new Vector3d(3.5, 5.5, 7.5)), r.IndexToWorld(new Vector3d(1.5, 2.5, 3.5))) < 1e-12);
    }

    [Fact]
    public void WithSpacing_CoarserSpacing_RoundsSizeAndKeepsFirstEdge()
    {
        VolumeGeometry g = Oblique();

        VolumeGeometry r = g.WithSpacing(new Vector3d(1.4, 1.3, 5.8));

        Assert.Equal(new VolumeSize(3, 4, 2), r.Size); // 5·0.7/1.4 = 2.5 rounds away from zero to 3; 4·1.3/1.3 = 4; 3·2.9/5.8 = 1.5 → 2
        Assert.True(Vector3d.Distance(g.IndexToWorld(new Vector3d(-0.5, -0.5, -0.5)), r.IndexToWorld(new Vector3d(-0.5, -0.5, -0.5))) < 1e-12);
    }

    [Fact]
    public void IsClose_ShiftBelowAndAboveTolerance_Decides()
    {
        VolumeGeometry g = Oblique();
        VolumeGeometry shifted = g.WithOrigin(g.OriginLps + new Vector3d(0, 0, 0.001));

        Assert.True(g.IsClose(shifted, 0.002));
        Assert.False(g.IsClose(shifted, 0.0005));
        Assert.False(g.IsClose(g.WithSize(new VolumeSize(5, 4, 4)), 1));
    }

    [Fact]
    public void Constructor_NonOrthonormalDirection_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeGeometry(new VolumeSize(1, 1, 1), Vector3d.One, Vector3d.Zero, new Matrix3d(1, 0.1, 0, 0, 1, 0, 0, 0, 1)));
        Assert.Equal("direction", e.ParamName);
    }

    [Fact]
    public void Constructor_ZeroSpacing_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new VolumeGeometry(new VolumeSize(1, 1, 1), new Vector3d(1, 0, 1), Vector3d.Zero, Matrix3d.Identity));
        Assert.Equal("spacingMm", e.ParamName);
    }

    // The one boundary convention (VolumeSize.ContainsIndex): voxel i covers [i − 0.5, i + 0.5).
    [Theory]
    [InlineData(-0.5, true)]                 // the near outer face
    [InlineData(-0.5 - 1e-9, false)]         // just before it
    [InlineData(0, true)]
    [InlineData(9, true)]                    // the last voxel centre (size 10)
    [InlineData(9.45, true)]                 // past the last centre, inside its half-voxel (C57L_J_ landmark 1's case)
    [InlineData(9.5 - 1e-9, true)]           // just inside the far outer face
    [InlineData(9.5, false)]                 // the far face belongs to no voxel
    [InlineData(9.5 + 1e-9, false)]
    [InlineData(double.NaN, false)]
    public void ContainsIndex_AtTheOuterFaces_HalfOpenVoxelBoxes(double index, bool inside)
    {
        var size = new VolumeSize(10, 10, 10);
        var geometry = new VolumeGeometry(size, new Vector3d(0.5, 0.7, 0.9), new Vector3d(3, -2, 1), Matrix3d.Identity);
        foreach (int axis in new[] { 0, 1, 2 })
        {
            var p = new Vector3d(axis == 0 ? index : 4, axis == 1 ? index : 4, axis == 2 ? index : 4);
            Assert.Equal(inside, size.ContainsIndex(p));
            Assert.Equal(inside, geometry.ContainsIndex(p));
        }
    }

    [Fact]
    public void ContainsWorld_PointsNearTheFarFace_FollowTheIndexConvention()
    {
        var geometry = new VolumeGeometry(new VolumeSize(4, 5, 6), new Vector3d(0.25, 0.5, 2), new Vector3d(10, 20, 30), Matrix3d.Identity);
        Assert.True(geometry.ContainsWorld(geometry.IndexToWorld(new Vector3d(1, 2, 5.45))));
        Assert.False(geometry.ContainsWorld(geometry.IndexToWorld(new Vector3d(1, 2, 5.55))));
        Assert.True(geometry.ContainsWorld(geometry.IndexToWorld(new Vector3d(-0.45, 2, 3))));
        Assert.False(geometry.ContainsWorld(geometry.IndexToWorld(new Vector3d(-0.55, 2, 3))));
    }
}
