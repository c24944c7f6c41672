using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;
using NpyArray = H3deMl.Core.IO.Numpy.NpyArray;

namespace H3deMl.Core.Tests.Data;

public sealed class LoadFromDirectoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"h3de-data-{Guid.NewGuid():N}");

    public LoadFromDirectoryTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReferenceLayout_WithSplits_ReadsVoxelIndexLabelsThroughTheGeometry()
    {
        var geometry = new VolumeGeometry(new VolumeSize(12, 10, 8), new Vector3d(1, 1, 1), new Vector3d(5, -3, 2), Matrix3d.Identity);
        foreach ((string split, string id) in new[] { ("train", "a"), ("train", "b"), ("test", "c") })
        {
            string folder = Path.Combine(_dir, split);
            Directory.CreateDirectory(folder);
            new Volume(new float[960], geometry, VolumeElementType.Float32).Write(Path.Combine(folder, $"{id}_volume.nrrd"));
            double[] labels = [.. Enumerable.Range(0, 14).SelectMany(n => n == 3 ? new double[] { -1000, -1000, -1000 } : [n * 0.5, 2.25, 7.5])];
            NpyArray.WriteDoubles(Path.Combine(folder, $"{id}_label.npy"), labels, [14, 3]);
            NpyArray.WriteDoubles(Path.Combine(folder, $"{id}_spacing.npy"), [0.3, 0.4, 0.5], [3]);
        }

        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.LoadFromDirectory(_dir);

        Assert.Equal(["c", "a", "b"], data.SourceRows.Select(r => r.Id));
        Assert.Equal(["test", "train", "train"], data.SourceRows.Select(r => r.Split));
        Assert.Equal(ReferenceLandmarkNames.Molar14, data.LandmarkNames);
        Assert.Equal(2, data.WhereSplit("train").Count);
        ScanRow row = ScanLoader.Load(data.SourceRows[1]);
        Assert.Equal(new Vector3d(0.3, 0.4, 0.5), row.Volume!.Geometry.SpacingMm); // spacing from X_spacing.npy
        Landmark la = row.Landmarks![1];
        Assert.Equal("La", la.Name);
        Assert.True(Vector3d.Distance(row.Volume.Geometry.WorldToIndex(la.PositionLps), new Vector3d(0.5, 2.25, 7.5)) < 1e-9);
        Assert.False(row.Landmarks[3].IsPresent); // mean < −100 → missing
    }

    [Fact]
    public void StemPairs_InVolumesAndLandmarksFolders()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "volumes"));
        Directory.CreateDirectory(Path.Combine(_dir, "landmarks"));
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(6, 5, 4), new Vector3d(1, 1, 2));
        foreach (string id in new[] { "x1", "x2" })
        {
            new Volume(new float[120], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, "volumes", id + ".nii.gz"));
            new LandmarkSet([new Landmark("P", new Vector3d(1, 1, 1), true), new Landmark("Q", new Vector3d(100, 1, 1), true)]).Write(Path.Combine(_dir, "landmarks", id + ".mrk.json"));
        }

        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.LoadFromDirectory(_dir);
        Assert.Equal(["x1", "x2"], data.SourceRows.Select(r => r.Id));
        Assert.Equal(["P", "Q"], data.LandmarkNames);
        ScanRow row = ScanLoader.Load(data.SourceRows[0]);
        Assert.Equal(new Vector3d(6, 5, 4), row.Volume!.Size.ToVector());
        Assert.True(row.Landmarks!.Landmarks.All(l => l.IsPresent));
    }

    [Fact]
    public void StemPairs_NamesDiffer_ErrorNamesTheFirstCaseThatDiffers()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2));
        foreach ((string id, string name) in new[] { ("a", "P"), ("b", "P"), ("c", "Z"), ("d", "Y") })
        {
            new Volume(new float[8], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, id + ".nii.gz"));
            new LandmarkSet([new Landmark(name, Vector3d.Zero, true)]).Write(Path.Combine(_dir, id + ".mrk.json"));
        }

        var e = Assert.Throws<DatasetException>(() => new H3deContext(1).Data.LoadFromDirectory(_dir));
        Assert.Equal("c", e.CaseId);
        Assert.Contains("Case 'c'", e.Message);
        Assert.Contains("'Z'", e.Message);
        Assert.EndsWith("c.mrk.json", e.FilePath);
    }

    [Fact]
    public void ManifestCsv_WithSplitsAndRelativePaths()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2));
        Directory.CreateDirectory(Path.Combine(_dir, "img"));
        foreach (string id in new[] { "p", "q" })
        {
            new Volume(new float[8], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, "img", id + ".nrrd"));
            new LandmarkSet([new Landmark("A", Vector3d.Zero, true)]).Write(Path.Combine(_dir, id + ".csv"));
        }

        File.WriteAllText(Path.Combine(_dir, "manifest.csv"), "image,landmarks,split\nimg/p.nrrd,p.csv,train\nimg/q.nrrd,,test\n");
        ScanDataView data = new H3deContext(1).Data.LoadFromDirectory(_dir);
        Assert.Equal(["p", "q"], data.SourceRows.Select(r => r.Id)); // a manifest keeps its order
        Assert.Equal(["train", "test"], data.SourceRows.Select(r => r.Split));
        Assert.Null(data.SourceRows[1].Source.LandmarksPath);
        Assert.Equal(["A"], data.LandmarkNames);

        File.WriteAllText(Path.Combine(_dir, "bad.csv"), "image,landmarks\nimg/missing.nrrd,\n");
        var e = Assert.Throws<DatasetException>(() => new H3deContext(1).Data.LoadFromDirectory(Path.Combine(_dir, "bad.csv")));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void EmptyDirectory_SaysWhatWasExpected()
    {
        var e = Assert.Throws<DatasetException>(() => new H3deContext(1).Data.LoadFromDirectory(_dir));
        Assert.Contains("no cases found", e.Message);
    }

    [DataFact("mouse-ct-atlas/volumes")]
    public void MouseAtlas_LoadsAllCases_FromVolumesAndLandmarksFolders()
    {
        var ml = new H3deContext(1);
        ScanDataView data = ml.Data.LoadFromDirectory(TestData.File("mouse-ct-atlas"));
        Assert.Equal(22, data.Count);
        Assert.Equal(45, data.LandmarkNames.Count);
        Assert.All(data.SourceRows, r => Assert.NotNull(r.Source.LandmarksPath));
        ScanRow row = ScanLoader.Load(data.SourceRows.Single(r => r.Id == "C57L_J_"));
        Assert.Equal(45, row.Landmarks!.Count);
        Assert.Equal(VolumeElementType.UInt8, row.Volume!.OriginalElementType);
    }
}
