using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Transforms;
using H3deMl.Core.Volumes;
using H3deMl.Transforms.Augmentation;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Spatial;
using H3deMl.Transforms.Tests.Helpers;

namespace H3deMl.Transforms.Tests.Geometry;

/// <summary>Every spatial transform keeps geometry exact: a landmark mapped through the transform and back (MapBack) lands
/// within 1e-4 mm of where it started, and the anatomy (a bright blob) is found where the landmark says.</summary>
public sealed class TransformGeometryTests
{
    public static TheoryData<string> SpatialSteps => ["RandomCrop", "RandomCropZoomIn", "CenterCrop", "Resample", "ResampleToSize", "Reorient", "RandomFlip", "RandomRotation", "Chain"];

    [Theory]
    [MemberData(nameof(SpatialSteps))]
    public void Transform_LandmarkMappedBack_LandsWhereItStarted(string step)
    {
        var ml = new H3deContext(21);
        (Volume volume, LandmarkSet landmarks) = TestScans.Scan();
        ScanDataView data = ml.Data.LoadFromEnumerable([("a", volume, (LandmarkSet?)landmarks)]);
        ScanDataView view = step switch
        {
            "RandomCrop" => ml.Transforms.RandomCrop(40, 36, 30).Fit(data).Transform(data),
            "RandomCropZoomIn" => ml.Transforms.RandomCrop(new RandomCropOptions { SizeI = 48, SizeJ = 40, SizeK = 36, MinZoomRate = 1.1, MaxZoomRate = 1.4 }).Fit(data).Transform(data),
            "CenterCrop" => ml.Transforms.CenterCrop(24, 20, 16).Fit(data).Transform(data),
            "Resample" => ml.Transforms.Resample(0.9).Fit(data).Transform(data),
            "ResampleToSize" => ml.Transforms.Resample(new ResamplingOptions { SizeI = 45, SizeJ = 61, SizeK = 33 }).Fit(data).Transform(data),
            "Reorient" => ml.Transforms.Reorient(CanonicalOrientation.Ras).Fit(data).Transform(data),
            "RandomFlip" => ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 1, ProbabilityJ = 1 }).Fit(data).Transform(data),
            "RandomRotation" => ml.Transforms.RandomRotation(15).Fit(data).Transform(data),
            _ => ml.Transforms.RandomRotation(10).Append(ml.Transforms.RandomCrop(40, 36, 30)).Append(ml.Transforms.Resample(1.0)).Fit(data).Transform(data, StepScope.Training),
        };

        for (int epoch = 0; epoch < 3; epoch++)
        {
            ScanRow row = view.Enumerate(epoch).Single();
            Assert.NotEmpty(row.History);
            Assert.Equal(volume.Geometry, row.OriginalGeometry);
            Volume output = row.Volume!;
            foreach (Landmark original in landmarks.Landmarks.Where(l => l.IsPresent))
            {
                // The landmark the network would see (the same physical point; after a left-right flip it carries the other name).
                Vector3d cropIndex = output.Geometry.WorldToIndex(original.PositionLps);
                Vector3d back = CoordinateMapping.CurrentIndexToWorldLps(row, cropIndex);
                Assert.True(Vector3d.Distance(back, original.PositionLps) < 1e-4, $"{step}: {original.Name} maps back {Vector3d.Distance(back, original.PositionLps)} mm away");
                Vector3d originalIndex = CoordinateMapping.CurrentIndexToOriginalIndex(row, cropIndex);
                Assert.True(Vector3d.Distance(originalIndex, volume.Geometry.WorldToIndex(original.PositionLps)) < 1e-6, $"{step}: original index differs");

                // The anatomy moved with the geometry: the blob is found at the landmark (within a fraction of a voxel).
                if (output.Geometry.ContainsWorld(original.PositionLps))
                {
                    Vector3d blob = TestScans.BlobCentroidWorld(output, original.PositionLps);
                    double tolerance = 0.35 * Math.Max(output.Geometry.SpacingMm.X, Math.Max(output.Geometry.SpacingMm.Y, output.Geometry.SpacingMm.Z));
                    Assert.True(Vector3d.Distance(blob, original.PositionLps) < tolerance, $"{step}: blob of {original.Name} found {Vector3d.Distance(blob, original.PositionLps):F3} mm from the landmark (tolerance {tolerance:F3})");
                }
            }
        }
    }

    [Fact]
    public void RandomFlip_LeftRightAxis_SwapsNames_OtherAxes_DoNot()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(60, 50, 40));
        (Volume volume, LandmarkSet landmarks) = TestScans.Scan(geometry);
        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.LoadFromEnumerable([("a", volume, (LandmarkSet?)landmarks)]);

        ScanRow lr = ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 1 }).Fit(data).Transform(data).Single();
        Assert.Equal(landmarks.Names, lr.Landmarks!.Names);
        Assert.Equal(landmarks[0].PositionLps, lr.Landmarks[1].PositionLps); // "R_A" now sits where "L_A" was
        Assert.Equal(landmarks[1].PositionLps, lr.Landmarks[0].PositionLps);
        Assert.Equal(landmarks[2], lr.Landmarks[2]);
        // The voxel array is mirrored along i.
        Assert.Equal(volume[0, 3, 4], lr.Volume![59, 3, 4]);

        ScanRow ap = ml.Transforms.RandomFlip(new RandomFlipOptions { ProbabilityI = 0, ProbabilityJ = 1 }).Fit(data).Transform(data).Single();
        Assert.Equal(landmarks.Landmarks, ap.Landmarks!.Landmarks);
        Assert.Equal(volume[5, 0, 4], ap.Volume![5, 49, 4]);
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
