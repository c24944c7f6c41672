using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.TestKit;
using Microsoft.ML;
using Microsoft.ML.Data;
using NpyArray = H3deMl.Core.IO.Numpy.NpyArray;

namespace H3deMl.Core.Tests.Data;

/// <summary><c>ml.Data.LoadScans</c>: the recognised layouts as an <see cref="IDataView"/> of Id, ScanPath and Landmarks
/// (3 floats per landmark in world LPS mm, NaN where missing, slot names "Name.L/.P/.S").</summary>
public sealed class LoadScansTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"h3de-data-{Guid.NewGuid():N}");

    public LoadScansTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReferenceLayout_WithSplits_MapsVoxelIndexLabelsThroughTheGeometryWithTheSpacingFile()
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

        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadScans(_dir);

        Row[] rows = Rows(ml, data);
        Assert.Equal(["c", "a", "b"], rows.Select(r => r.Id));                  // sorted by split, then id
        Assert.EndsWith(Path.Combine("train", "a_volume.nrrd"), rows[1].ScanPath);
        Assert.Equal(ReferenceLandmarkNames.Molar14, LandmarkNames(data));
        // Labels are voxel indices; the world position uses the spacing of X_spacing.npy (0.3, 0.4, 0.5).
        var withSpacing = new VolumeGeometry(geometry.Size, new Vector3d(0.3, 0.4, 0.5), geometry.OriginLps, geometry.Direction);
        Vector3d la = withSpacing.IndexToWorld(new Vector3d(0.5, 2.25, 7.5));
        Assert.Equal([(float)la.X, (float)la.Y, (float)la.Z], rows[1].Landmarks[3..6]);
        Assert.All(rows[1].Landmarks[9..12], v => Assert.True(float.IsNaN(v)));  // mean < −100 → missing
        // Reading the scan from its path applies the same spacing file.
        ScanRow loaded = ScanLoader.Load(new ScanRow { Id = "a", Source = new ScanSource { Kind = ScanSourceKind.ImageAndLandmarks, ImagePath = rows[1].ScanPath } });
        Assert.Equal(new Vector3d(0.3, 0.4, 0.5), loaded.Volume!.Geometry.SpacingMm);
    }

    [Fact]
    public void StemPairs_InVolumesAndLandmarksFolders_WithSlotNamesPerAxis()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "volumes"));
        Directory.CreateDirectory(Path.Combine(_dir, "landmarks"));
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(6, 5, 4), new Vector3d(1, 1, 2));
        foreach (string id in new[] { "x1", "x2" })
        {
            new Volume(new float[120], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, "volumes", id + ".nii.gz"));
            new LandmarkSet([new Landmark("P", new Vector3d(1, 2, 3), true), new Landmark("Q", new Vector3d(100, 1, 1), false)]).Write(Path.Combine(_dir, "landmarks", id + ".mrk.json"));
        }

        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadScans(_dir);

        Assert.Equal(["Id", "ScanPath", "Landmarks"], data.Schema.Select(c => c.Name));
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 6), data.Schema["Landmarks"].Type);
        Assert.Equal(["P.L", "P.P", "P.S", "Q.L", "Q.P", "Q.S"], SlotNames(data));
        Row[] rows = Rows(ml, data);
        Assert.Equal(["x1", "x2"], rows.Select(r => r.Id));
        Assert.Equal(Path.Combine(_dir, "volumes", "x1.nii.gz"), Path.GetFullPath(rows[0].ScanPath));
        Assert.Equal([1f, 2f, 3f], rows[0].Landmarks[..3]);
        Assert.All(rows[0].Landmarks[3..], v => Assert.True(float.IsNaN(v)));   // Q is missing
        Assert.Equal(2, data.GetRowCount());
    }

    [Fact]
    public void ImageWithoutLandmarkFile_IsACaseWithoutGroundTruth()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2));
        new Volume(new float[8], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, "with.nii.gz"));
        new LandmarkSet([new Landmark("A", Vector3d.Zero, true)]).Write(Path.Combine(_dir, "with.mrk.json"));
        new Volume(new float[8], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, "without.nii.gz"));

        var ml = new MLContext(1);
        Row[] rows = Rows(ml, ml.Data.LoadScans(_dir));

        Assert.Equal(["with", "without"], rows.Select(r => r.Id));
        Assert.Equal([0f, 0f, 0f], rows[0].Landmarks);
        Assert.All(rows[1].Landmarks, v => Assert.True(float.IsNaN(v)));
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

        var e = Assert.Throws<DatasetException>(() => new MLContext(1).Data.LoadScans(_dir));
        Assert.Equal("c", e.CaseId);
        Assert.Contains("Case 'c'", e.Message);
        Assert.Contains("'Z'", e.Message);
        Assert.EndsWith("c.mrk.json", e.FilePath);
    }

    [Fact]
    public void DuplicateIds_AcrossSplits_AreRefusedNamingTheCase()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2));
        foreach (string split in new[] { "train", "test" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, split));
            new Volume(new float[8], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, split, "same.nii.gz"));
        }

        var e = Assert.Throws<DatasetException>(() => new MLContext(1).Data.LoadScans(_dir));
        Assert.Equal("same", e.CaseId);
        Assert.Contains("case 'same' appears twice", e.Message);
        Assert.Contains("case ids must be unique", e.Message);
    }

    [Fact]
    public void ManifestCsv_WithSplitsAndRelativePaths()
    {
        var geometry = VolumeGeometry.AxisAligned(new VolumeSize(2, 2, 2));
        Directory.CreateDirectory(Path.Combine(_dir, "img"));
        foreach (string id in new[] { "p", "q" })
        {
            new Volume(new float[8], geometry, VolumeElementType.Float32).Write(Path.Combine(_dir, "img", id + ".nrrd"));
            new LandmarkSet([new Landmark("A", new Vector3d(1, -2, 0.5), true)]).Write(Path.Combine(_dir, id + ".csv"));
        }

        File.WriteAllText(Path.Combine(_dir, "manifest.csv"), "image,landmarks,split\nimg/p.nrrd,p.csv,train\nimg/q.nrrd,,train\n");
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadScans(_dir);
        Row[] rows = Rows(ml, data);
        Assert.Equal(["p", "q"], rows.Select(r => r.Id));
        Assert.Equal(Path.Combine(_dir, "img", "q.nrrd"), Path.GetFullPath(rows[1].ScanPath));
        Assert.Equal([1f, -2f, 0.5f], rows[0].Landmarks);
        Assert.All(rows[1].Landmarks, v => Assert.True(float.IsNaN(v)));  // no landmark file: no ground truth
        Assert.Equal(["A.L", "A.P", "A.S"], SlotNames(data));
        Assert.Equal(["train", "train"], ml.Data.CreateEnumerable<SplitRow>(data, reuseRowObject: false).Select(r => r.Split));

        File.WriteAllText(Path.Combine(_dir, "bad.csv"), "image,landmarks\nimg/missing.nrrd,\n");
        var e = Assert.Throws<DatasetException>(() => ml.Data.LoadScans(Path.Combine(_dir, "bad.csv")));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void EmptyDirectory_SaysWhatWasExpected_MissingDirectoryThrows()
    {
        var e = Assert.Throws<DatasetException>(() => new MLContext(1).Data.LoadScans(_dir));
        Assert.Contains("no cases found", e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => new MLContext(1).Data.LoadScans(Path.Combine(_dir, "nowhere")));
    }

    [DataFact("mouse-ct-atlas/volumes")]
    public void MouseAtlas_LoadsAllCases_FromVolumesAndLandmarksFolders()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadScans(TestData.File("mouse-ct-atlas"));
        Row[] rows = Rows(ml, data);
        Assert.Equal(22, rows.Length);
        Assert.Equal(45, LandmarkNames(data).Count);
        Assert.Equal(3 * 45, rows.Single(r => r.Id == "C57L_J_").Landmarks.Length);
        Assert.All(rows, r => Assert.Contains(r.Landmarks, v => !float.IsNaN(v)));
    }

    internal static Row[] Rows(MLContext ml, IDataView data) => [.. ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false)];

    internal static string[] SlotNames(IDataView data)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        data.Schema["Landmarks"].GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private static IReadOnlyList<string> LandmarkNames(IDataView data) => [.. SlotNames(data).Where((_, i) => i % 3 == 0).Select(s => s[..^2])];

    internal sealed class SplitRow
    {
        public string Split { get; set; } = "";
    }

    internal sealed class Row
    {
        public string Id { get; set; } = "";

        public string ScanPath { get; set; } = "";

        public float[] Landmarks { get; set; } = [];
    }
}
