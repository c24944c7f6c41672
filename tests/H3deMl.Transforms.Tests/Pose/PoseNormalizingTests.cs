using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using H3deMl.Transforms.Pose;
using H3deMl.Transforms.Spatial;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Pose;

/// <summary>NormalizePose puts a scan's anatomy in the reference pose whatever its rotation, and keeps world positions
/// exact, so points map back to the original scan (issue 16).</summary>
public sealed class PoseNormalizingTests
{
    private static readonly PhantomOptions Options = new() { SizeI = 48, SizeJ = 48, SizeK = 48, SpacingJitter = 0, MissingToothProbability = 0, CutFieldOfViewProbability = 0 };

    [Theory]
    [InlineData(1, 35.0)]
    [InlineData(2, 110.0)]
    [InlineData(3, 175.0)]
    public void Transform_RotatedPhantom_LandmarksLandOnTheReferenceVoxels_AndMapBackExactly(int seed, double degrees)
    {
        var ml = new MLContext(1);
        (Volume volume, LandmarkSet landmarks) = PhantomGenerator.Generate(Options, new RandomStream(7));
        PoseNormalizingTransformer pose = ml.Transforms.NormalizePose(new PoseNormalizingOptions { SpacingMm = 1 }).Fit(Data(ml, volume));
        Volume reference = Normalized(ml, pose, volume);
        Matrix3d rotation = RandomRotation(new RandomStream((ulong)seed), degrees);
        (Volume rotated, LandmarkSet rotatedLandmarks) = Rotate(volume, landmarks, rotation);
        Volume normalized = Normalized(ml, pose, rotated);

        for (int l = 0; l < landmarks.Count; l++)
        {
            Vector3d atReference = reference.Geometry.WorldToIndex(landmarks[l].PositionLps);
            Vector3d atRotated = normalized.Geometry.WorldToIndex(rotatedLandmarks[l].PositionLps);
            Assert.True(Vector3d.Distance(atReference, atRotated) < 1.0, $"{landmarks[l].Name}: voxel {atRotated} in the normalised rotated scan, {atReference} in the reference");
            Assert.True(Vector3d.Distance(normalized.Geometry.IndexToWorld(atRotated), rotatedLandmarks[l].PositionLps) < 1e-9);
        }
    }

    [Fact]
    public void SaveLoad_GivesTheSameVolume()
    {
        var ml = new MLContext(1);
        (Volume volume, _) = PhantomGenerator.Generate(Options, new RandomStream(7));
        PoseNormalizingTransformer pose = ml.Transforms.NormalizePose(new PoseNormalizingOptions { SpacingMm = 1.5 }).Fit(Data(ml, volume));
        using var zip = new MemoryStream();
        ml.Model.Save(pose, Data(ml, volume).Schema, zip);
        zip.Position = 0;
        ITransformer loaded = ml.Model.Load(zip, out _);
        (Volume other, _) = PhantomGenerator.Generate(Options, new RandomStream(8));
        Volume before = Normalized(ml, pose, other), after = Normalized(ml, loaded, other);
        Assert.Equal(before.Geometry, after.Geometry);
        Assert.Equal(before.Voxels, after.Voxels);
    }

    private static IDataView Data(MLContext ml, Volume volume) =>
        ml.Data.LoadFromEnumerable([new InMemoryScan { Id = "scan", Volume = volume }]);

    private static Volume Normalized(MLContext ml, ITransformer pose, Volume volume)
    {
        IDataView output = pose.Transform(Data(ml, volume));
        using DataViewRowCursor cursor = output.GetRowCursor([output.Schema[ScanColumnNames.Volume]]);
        Assert.True(cursor.MoveNext());
        Volume result = null!;
        cursor.GetGetter<Volume>(output.Schema[ScanColumnNames.Volume])(ref result);
        return result;
    }

    /// <summary>The same anatomy rotated by <paramref name="rotation"/> about the volume's centre, in the same grid.</summary>
    private static (Volume, LandmarkSet) Rotate(Volume volume, LandmarkSet landmarks, Matrix3d rotation)
    {
        VolumeGeometry g = volume.Geometry;
        Vector3d centre = g.IndexToWorld(new Vector3d((g.Size.I - 1) / 2.0, (g.Size.J - 1) / 2.0, (g.Size.K - 1) / 2.0));
        Matrix3d inverse = rotation.Transpose;
        var sampling = new VolumeGeometry(g.Size, g.SpacingMm, (inverse * (g.OriginLps - centre)) + centre, inverse * g.Direction);
        Volume sampled = VolumeResampling.ResampleOnto(volume, sampling, volume.Voxels.Min());
        var rotated = new Volume(sampled.Voxels, g, volume.OriginalElementType);
        return (rotated, new LandmarkSet(landmarks.Landmarks.Select(l => l with { PositionLps = (rotation * (l.PositionLps - centre)) + centre })));
    }

    private static Matrix3d RandomRotation(RandomStream random, double degrees)
    {
        var axis = new Vector3d(random.NextNormal(), random.NextNormal(), random.NextNormal());
        axis *= 1 / Math.Sqrt(Vector3d.Dot(axis, axis));
        double a = degrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a), t = 1 - c;
        return new Matrix3d(
            (t * axis.X * axis.X) + c, (t * axis.X * axis.Y) - (s * axis.Z), (t * axis.X * axis.Z) + (s * axis.Y),
            (t * axis.X * axis.Y) + (s * axis.Z), (t * axis.Y * axis.Y) + c, (t * axis.Y * axis.Z) - (s * axis.X),
            (t * axis.X * axis.Z) - (s * axis.Y), (t * axis.Y * axis.Z) + (s * axis.X), (t * axis.Z * axis.Z) + c);
    }

    private sealed class InMemoryScan
    {
        public string Id { get; set; } = "";

        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
