using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;
using H3deMl.Transforms.Tests.Helpers;
using Microsoft.ML;

namespace H3deMl.Transforms.Tests.Loading;

public sealed class VolumeLoadingTests
{
    [DataFact("mouse-ct-atlas/volumes/C57L_J_.nii.gz")]
    public void MouseAtlas_LandmarkPastTheLastSliceCentreButInsideItsHalfVoxel_IsPresent()
    {
        var ml = new MLContext(1);
        IDataView all = ml.Data.LoadScans(TestData.File("mouse-ct-atlas"));
        IDataView data = ml.Data.FilterByCustomPredicate<IdRow>(all, r => r.Id is not ("C57L_J_" or "A_J_"));
        List<OutputRow> rows = OutputRow.ReadAll(ml.Transforms.LoadVolume().Fit(data).Transform(data));
        Assert.Equal(2, rows.Count);
        OutputRow c57 = rows.Single(r => r.Id == "C57L_J_");
        // Landmark "1" is at k ≈ 165.45 of 166 slices: past the last slice centre, inside the outer face (165.5), so in
        // the scanned field of view (VolumeSize.ContainsIndex).
        Assert.True(c57.Landmarks!.Landmarks.Single(l => l.Name == "1").IsPresent);
        Assert.Equal(45, c57.Landmarks.Landmarks.Count(l => l.IsPresent));
        Assert.Equal(45, rows.Single(r => r.Id == "A_J_").Landmarks!.Landmarks.Count(l => l.IsPresent));
    }

    [Fact]
    public void LoadVolume_LandmarksAtTheOuterFaces_MissingExactlyWhenOutsideTheVolume()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"h3de-edge-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // 7×6×5 voxels: the volume covers −0.5 ≤ index < size − 0.5 on every axis (VolumeSize.ContainsIndex).
            var geometry = new VolumeGeometry(new VolumeSize(7, 6, 5), new Vector3d(0.5, 0.5, 0.5), new Vector3d(1, 2, 3), Matrix3d.Identity);
            var volume = new Volume([.. Enumerable.Range(0, 210).Select(x => (float)x)], geometry, VolumeElementType.Float32);
            volume.Write(Path.Combine(dir, "case.nii.gz"));
            (string Name, Vector3d Index, bool Present)[] cases =
            [
                ("nearFace", new Vector3d(-0.5, 2, 2), true),
                ("beforeNearFace", new Vector3d(-0.501, 2, 2), false),
                ("lastCentre", new Vector3d(6, 5, 4), true),
                ("pastLastCentre", new Vector3d(3, 2, 4.45), true),
                ("justInsideFarFace", new Vector3d(3, 5.499, 2), true),
                ("beyondFarFace", new Vector3d(6.501, 2, 2), false),
            ];
            new LandmarkSet([.. cases.Select(c => new Landmark(c.Name, geometry.IndexToWorld(c.Index), true))]).Write(Path.Combine(dir, "case.mrk.json"));
            var ml = new MLContext(1);
            IDataView data = ml.Data.LoadScans(dir);
            OutputRow row = OutputRow.ReadAll(ml.Transforms.LoadVolume().Fit(data).Transform(data)).Single();
            foreach (var c in cases)
                Assert.True(c.Present == row.Landmarks!.Landmarks.Single(l => l.Name == c.Name).IsPresent, c.Name);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Cache_SecondLoadReadsTheCache_WithIdenticalVoxelsAndGeometry()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"h3de-cache-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var geometry = new VolumeGeometry(new VolumeSize(7, 6, 5), new Vector3d(0.5, 0.6, 0.7), new Vector3d(1, 2, 3), Matrix3d.Identity);
            var volume = new Volume([.. Enumerable.Range(0, 210).Select(x => (float)x)], geometry, VolumeElementType.Float32);
            volume.Write(Path.Combine(dir, "case.nii.gz"));
            new LandmarkSet([new Landmark("A", geometry.IndexToWorld(new Vector3d(1, 1, 1)), true)]).Write(Path.Combine(dir, "case.mrk.json"));
            var ml = new MLContext(1);
            string cache = Path.Combine(dir, "cache");
            IDataView data = ml.Data.LoadScans(dir);
            ITransformer load = ml.Transforms.LoadVolume(cache).Fit(data);
            OutputRow first = OutputRow.ReadAll(load.Transform(data)).Single();
            Assert.Single(Directory.GetFiles(cache, "*.h3dvol"));
            OutputRow second = OutputRow.ReadAll(load.Transform(data)).Single();
            Assert.Equal(first.Volume.Voxels, second.Volume.Voxels);
            Assert.True(first.Volume.Geometry.IsClose(second.Volume.Geometry, 1e-9));
            Assert.Equal(first.Landmarks!.Landmarks, second.Landmarks!.Landmarks);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class IdRow
    {
        public string Id { get; set; } = "";
    }
}
