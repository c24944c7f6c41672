using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Spatial;
using H3deMl.Transforms.Tests.Helpers;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Geometry;

/// <summary>Every spatial transform keeps geometry exact: a landmark's world position, taken to the output grid and back,
/// lands within 1e-4 mm of where it started and at the same original voxel index, and the anatomy (a bright blob) is
/// found where the landmark says.</summary>
public sealed class TransformGeometryTests
{
    public static TheoryData<string> SpatialSteps => ["RandomCrop", "RandomCropZoomIn", "CenterCrop", "Resample", "ResampleToSize", "Reorient", "RandomFlip", "RandomRotation", "Chain"];

    [Theory]
    [MemberData(nameof(SpatialSteps))]
    public void Transform_LandmarkMappedBack_LandsWhereItStarted(string step)
    {
        var ml = new MLContext(21);
        (Volume volume, LandmarkSet landmarks) = TestScans.Scan();
        IDataView data = ScanData.FromScans(ml, ("a", volume, landmarks));
        TransformsCatalog t = ml.Transforms;
        IEstimator<ITransformer> estimator = step switch
        {
            "RandomCrop" => t.RandomCrop(40, 36, 30),
            "RandomCropZoomIn" => t.RandomCrop(new RandomCropOptions { SizeI = 48, SizeJ = 40, SizeK = 36, MinZoomRate = 1.1, MaxZoomRate = 1.4 }),
            "CenterCrop" => t.CenterCrop(24, 20, 16),
            "Resample" => t.Resample(0.9),
            "ResampleToSize" => t.Resample(new ResamplingOptions { SizeI = 45, SizeJ = 61, SizeK = 33 }),
            "Reorient" => t.Reorient(CanonicalOrientation.Ras),
            "RandomFlip" => t.RandomFlip(new RandomFlipOptions { ProbabilityI = 1, ProbabilityJ = 1 }),
            "RandomRotation" => t.RandomRotation(15),
            _ => t.RandomRotation(10).Append(t.RandomCrop(40, 36, 30)).Append(t.Resample(1.0)),
        };
        IDataView view = estimator.Fit(data).Transform(data);

        for (int pass = 0; pass < 3; pass++)
        {
            OutputRow row = OutputRow.ReadAll(view, pass == 0 ? null : new Random(pass)).Single();
            Volume output = row.Volume;
            Assert.NotEqual(volume.Geometry, output.Geometry);
            foreach (Landmark original in landmarks.Landmarks.Where(l => l.IsPresent))
            {
                // The landmark the network would see (the same physical point; after a left-right flip it carries the other name).
                Vector3d outputIndex = output.Geometry.WorldToIndex(original.PositionLps);
                Vector3d back = output.Geometry.IndexToWorld(outputIndex);
                Assert.True(Vector3d.Distance(back, original.PositionLps) < 1e-4, $"{step}: {original.Name} maps back {Vector3d.Distance(back, original.PositionLps)} mm away");
                Vector3d originalIndex = volume.Geometry.WorldToIndex(back);
                Assert.True(Vector3d.Distance(originalIndex, volume.Geometry.WorldToIndex(original.PositionLps)) < 1e-6, $"{step}: original index differs");

                // The anatomy moved with the geometry: the blob is found at the landmark (within a fraction of a voxel).
                if (output.Geometry.ContainsWorld(original.PositionLps))
                {
                    Vector3d blob = TestScans.BlobCentroidWorld(output, original.PositionLps);
                    double tolerance = 0.35 * Math.Max(output.Geometry.SpacingMm.X, Math.Max(output.Geometry.SpacingMm.Y, output.Geometry.SpacingMm.Z));
                    Assert.True(Vector3d.Distance(blob, original.PositionLps) < tolerance, $"{step}: blob of {original.Name} found {Vector3d.Distance(blob, original.PositionLps):F3} mm from the landmark (tolerance {tolerance:F3})");
                }
            }

            // The landmark column still holds the same physical points (renamed at most).
            Assert.Equal(
                landmarks.Landmarks.Where(l => l.IsPresent).Select(l => ScanData.AsStored(l).PositionLps).OrderBy(p => p.X),
                row.Landmarks!.Landmarks.Where(l => l.IsPresent).Select(l => l.PositionLps).OrderBy(p => p.X));
        }
    }

    [Fact]
    public void RandomFlip_LeftRightAxis_SwapsNames_OtherAxes_DoNot()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(60, 50, 40));
        (Volume volume, LandmarkSet landmarks) = TestScans.Scan(geometry);
        var ml = new MLContext(1);
        IDataView data = ScanData.FromScans(ml, ("a", volume, landmarks));
        Landmark[] stored = [.. landmarks.Landmarks.Select(ScanData.AsStored)];

        OutputRow lr = OutputRow.ReadAll(ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 1 }).Fit(data).Transform(data)).Single();
        Assert.Equal(landmarks.Names, lr.Landmarks!.Names);
        Assert.Equal(stored[0].PositionLps, lr.Landmarks[1].PositionLps); // "R_A" now sits where "L_A" was
        Assert.Equal(stored[1].PositionLps, lr.Landmarks[0].PositionLps);
        Assert.Equal(stored[2], lr.Landmarks[2]);
        // The voxel array is mirrored along i.
        Assert.Equal(volume[0, 3, 4], lr.Volume[59, 3, 4]);

        OutputRow ap = OutputRow.ReadAll(ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 0, ProbabilityJ = 1 }).Fit(data).Transform(data)).Single();
        Assert.Equal(stored, ap.Landmarks!.Landmarks);
        Assert.Equal(volume[5, 0, 4], ap.Volume[5, 49, 4]);
    }

    [Fact]
    public void Reorient_RasVolume_BecomesLps_WithVoxelsMovedNotInterpolated()
    {
        var ras = new VolumeGeometry(new VolumeSize(6, 5, 4), new Vector3d(1, 2, 3), new Vector3d(10, 20, 30), new Matrix3d(-1, 0, 0, 0, -1, 0, 0, 0, 1));
        var voxels = Enumerable.Range(0, 120).Select(x => (float)x).ToArray();
        var volume = new Volume(voxels, ras, VolumeElementType.Float32);
        Volume lps = Reorientation.ToCanonical(volume, CanonicalOrientation.Lps);
        Assert.Equal(Matrix3d.Identity, lps.Geometry.Direction);
        for (int k = 0; k < 4; k++)
        {
            for (int j = 0; j < 5; j++)
            {
                for (int i = 0; i < 6; i++)
                {
                    Vector3d world = ras.IndexToWorld(new Vector3d(i, j, k));
                    Vector3d n = lps.Geometry.WorldToIndex(world);
                    Assert.Equal(volume[i, j, k], lps[(int)Math.Round(n.X), (int)Math.Round(n.Y), (int)Math.Round(n.Z)]);
                }
            }
        }
    }

    [Fact]
    public void CropOrPad_PadsWithTheGivenValue_AndCopiesExactly()
    {
        (Volume volume, _) = TestScans.Scan(VolumeGeometry.AxisAligned(new VolumeSize(10, 9, 8)));
        Volume crop = VolumeResampling.CropOrPad(volume, (-2, 3, 5), new VolumeSize(6, 4, 5), -7);
        Assert.Equal(-7, crop[0, 0, 0]);
        Assert.Equal(-7, crop[3, 0, 4]); // k = 9 is past the volume
        Assert.Equal(volume[1, 3, 5], crop[3, 0, 0]);
        Assert.Equal(volume.Geometry.IndexToWorld(new Vector3d(-2, 3, 5)), crop.Geometry.OriginLps);
    }
}
