using H3deMl.Core.Data;
using H3deMl.Core.Geometry;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Core.Tests.Pipeline;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;

namespace H3deMl.Core.Tests.Data;

public sealed class ScanDataViewTests
{
    [Fact]
    public void Enumeration_IsLazy_AndEachEnumerationIsANewEpoch()
    {
        var ml = new H3deContext(3);
        int generated = 0;
        ScanDataView data = GeneratedView(ml, 4, 8, () => Interlocked.Increment(ref generated));
        var step = new EpochStampStep(ml);
        ScanDataView view = step.Transform(new LoadStep().Transform(data));
        Assert.Equal(0, generated);

        float[] first = [.. view.Select(r => r.Volume!.Voxels[0])];
        float[] second = [.. view.Select(r => r.Volume!.Voxels[0])];
        float[] firstAgain = [.. view.Enumerate(0).Select(r => r.Volume!.Voxels[0])];

        Assert.Equal(12, generated);
        Assert.NotEqual(first, second);
        Assert.Equal(first, firstAgain);
        Assert.Equal(4, first.Distinct().Count());
    }

    [Fact]
    public void Cache_GeneratesEachSourceOnce_AndLaterStepsStillDrawPerEpoch()
    {
        var ml = new H3deContext(3);
        int generated = 0;
        ScanDataView cached = ml.Data.Cache(GeneratedView(ml, 4, 8, () => Interlocked.Increment(ref generated)));
        Assert.Equal(4, generated);
        Assert.All(cached.SourceRows, r => Assert.NotNull(r.Volume));
        Assert.Equal(["c000", "c001", "c002", "c003"], cached.SourceRows.Select(r => r.Id));

        ScanDataView view = new EpochStampStep(ml).Transform(new LoadStep().Transform(cached));
        float[] first = [.. view.Select(r => r.Volume!.Voxels[0])];
        float[] second = [.. view.Select(r => r.Volume!.Voxels[0])];

        Assert.Equal(4, generated);
        Assert.NotEqual(first, second);
        var fresh = new H3deContext(3);
        ScanDataView uncached = new EpochStampStep(fresh).Transform(new LoadStep().Transform(GeneratedView(fresh, 4, 8, null)));
        Assert.Equal([.. uncached.Enumerate(0).Select(r => r.Volume!.Voxels[0])], first);
    }

    [Fact]
    public void SameSeed_SameDraws_OtherSeed_OtherDraws()
    {
        float[] Draw(int seed)
        {
            var ml = new H3deContext(seed);
            return [.. new EpochStampStep(ml).Transform(new LoadStep().Transform(GeneratedView(ml, 5, 4, null))).Select(r => r.Volume!.Voxels[0])];
        }

        Assert.Equal(Draw(11), Draw(11));
        Assert.NotEqual(Draw(11), Draw(12));
    }

    [Fact]
    public void Prefetch_GivesTheSameRowsInTheSameOrder()
    {
        var ml = new H3deContext(3);
        ScanDataView view = new EpochStampStep(ml).Transform(new LoadStep().Transform(GeneratedView(ml, 12, 4, null)));
        float[] sequential = [.. view.Enumerate(2).Select(r => r.Volume!.Voxels[0])];
        float[] prefetched = [.. view.WithPrefetch(3).Enumerate(2).Select(r => r.Volume!.Voxels[0])];
        Assert.Equal(sequential, prefetched);
        Assert.Equal(["c000", "c001"], view.WithPrefetch(2).Take(2).Select(r => r.Id));
    }

    [Fact]
    public void Prefetch_ErrorOnARow_SurfacesAsPipelineStepException()
    {
        var ml = new H3deContext(3);
        ScanDataView data = ml.Data.LoadFromRows([.. Enumerable.Range(0, 5).Select(i => new ScanRow { Id = $"r{i}", Source = new ScanSource { Kind = ScanSourceKind.ImageAndLandmarks, ImagePath = "nothing" } })]);
        var e = Assert.Throws<PipelineStepException>(() => new ScaleStep(1).Transform(data).WithPrefetch(2).ToList());
        Assert.Equal("r0", e.CaseId);
    }

    [Fact]
    public void Enumerating_ManyLargeVolumes_KeepsMemoryBounded()
    {
        // 50 generated 96³ scans (3.5 MB each, 177 MB in total) through a crop: live memory must stay at a few scans.
        var ml = new H3deContext(3);
        ScanDataView view = new CropStep().Transform(new LoadStep().Transform(GeneratedView(ml, 50, 96, null))).WithPrefetch(2);
        GC.Collect();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        int count = 0;
        foreach (ScanRow row in view)
        {
            Assert.Equal(32, row.Volume!.Size.I);
            if (++count % 10 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(50, count);
        Assert.True(peak < 40L << 20, $"Live memory grew by {peak / (1 << 20)} MB while enumerating; expected a few scans (< 40 MB).");
    }

    [Fact]
    public void TrainTestSplit_IsDisjointCompleteAndSeeded()
    {
        var ml = new H3deContext(3);
        ScanDataView data = GeneratedView(ml, 20, 4, null);
        ScanSplit a = ml.Data.TrainTestSplit(data, 0.25, seed: 9);
        ScanSplit b = new H3deContext(4).Data.TrainTestSplit(data, 0.25, seed: 9);
        Assert.Equal(5, a.TestSet.Count);
        Assert.Equal(15, a.TrainSet.Count);
        Assert.Empty(a.TestSet.SourceRows.Select(r => r.Id).Intersect(a.TrainSet.SourceRows.Select(r => r.Id)));
        Assert.Equal(a.TestSet.SourceRows.Select(r => r.Id), b.TestSet.SourceRows.Select(r => r.Id));
        ScanThreeWaySplit three = ml.Data.TrainValidationTestSplit(data, 0.2, 0.1, seed: 1);
        Assert.Equal((14, 4, 2), (three.TrainSet.Count, three.ValidationSet.Count, three.TestSet.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.TrainTestSplit(data, 1.5));
    }

    [Fact]
    public void LoadFromEnumerable_LandmarkNamesDiffer_NamesTheCase()
    {
        var ml = new H3deContext(3);
        var e = Assert.Throws<DatasetException>(() => ml.Data.LoadFromEnumerable(
        [
            ("first", ScanVolumes.Ramp(), ScanVolumes.Landmarks("A", "B")),
            ("second", ScanVolumes.Ramp(), ScanVolumes.Landmarks("A", "B")),
            ("odd", ScanVolumes.Ramp(), ScanVolumes.Landmarks("A", "C")),
        ]));
        Assert.Equal("odd", e.CaseId);
        Assert.Contains("'odd'", e.Message);
        Assert.Contains("'first'", e.Message);
        Assert.Contains("landmark 1 is 'C'", e.Message);
    }

    [Fact]
    public void CoordinateMapping_MapsCurrentIndicesBackThroughHistory()
    {
        Volume original = ScanVolumes.Ramp(10, 10, 10);
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

    internal static ScanDataView GeneratedView(H3deContext ml, int count, int size, Action? onGenerate) =>
        ml.Data.LoadFromRows([.. Enumerable.Range(0, count).Select(i => new ScanRow
        {
            Id = $"c{i:D3}",
            Source = new ScanSource
            {
                Kind = ScanSourceKind.Generated,
                Generator = _ =>
                {
                    onGenerate?.Invoke();
                    var voxels = new float[size * size * size];
                    voxels.AsSpan().Fill(i);
                    return (new Volume(voxels, VolumeGeometry.AxisAligned(new VolumeSize(size, size, size)), VolumeElementType.Float32), (LandmarkSet?)null);
                },
            },
        })]);

    private sealed class LoadStep : IScanTransformer
    {
        public string StepTypeName => "Test.Load";

        public int StepVersion => 1;

        public ScanRow TransformRow(ScanRow row, ScanRowContext context) => ScanLoader.Load(row, context.CancellationToken);

        public ScanDataView Transform(ScanDataView input) => input.AppendStep(this);

        public void Save(ScanStepSaveContext context) => context.WriteOptions(new { });
    }

    private sealed class CropStep : IScanTransformer
    {
        public string StepTypeName => "Test.Crop";

        public int StepVersion => 1;

        public ScanRow TransformRow(ScanRow row, ScanRowContext context)
        {
            Volume v = row.RequireVolume("Crop");
            var size = new VolumeSize(32, 32, 32);
            return row.WithVolume(new Volume(new float[size.VoxelCount], v.Geometry.Crop((0, 0, 0), size), VolumeElementType.Float32), "Crop");
        }

        public ScanDataView Transform(ScanDataView input) => input.AppendStep(this);

        public void Save(ScanStepSaveContext context) => context.WriteOptions(new { });
    }

    /// <summary>Writes a random draw (from the row's stream) into voxel 0.</summary>
    private sealed class EpochStampStep(H3deContext context) : IScanTransformer
    {
        private readonly RandomStream _stream = context.CreateRandomStream("Stamp").Stream;

        public string StepTypeName => "Test.Stamp";

        public int StepVersion => 1;

        public ScanRow TransformRow(ScanRow row, ScanRowContext rowContext)
        {
            Volume v = row.RequireVolume("Stamp");
            float[] voxels = (float[])v.Voxels.Clone();
            voxels[0] = rowContext.CreateRandom(_stream).NextSingle();
            return row with { Volume = new Volume(voxels, v.Geometry, v.OriginalElementType) };
        }

        public ScanDataView Transform(ScanDataView input) => input.AppendStep(this);

        public void Save(ScanStepSaveContext context) => context.WriteOptions(new { });
    }
}
