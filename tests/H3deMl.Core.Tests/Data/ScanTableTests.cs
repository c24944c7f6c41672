using H3deMl.Core.Geometry;
using H3deMl.Core.MLNet;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.Tests.Data;

/// <summary>The in-memory <see cref="IDataView"/> behind <c>ml.Data.GeneratePhantoms</c> and <c>ml.Data.LoadScans</c>:
/// its schema, seeded generation, shuffled cursors with stable row ids, and what it refuses.</summary>
public sealed class ScanTableTests
{
    private static readonly PhantomOptions Small = new() { SizeI = 16, SizeJ = 16, SizeK = 16 };

    [Fact]
    public void GeneratePhantoms_Schema_IdPathLandmarksWithSlotNamesAndVolume()
    {
        IDataView data = new MLContext(1).Data.GeneratePhantoms(3, seed: 4, Small);

        Assert.Equal(["Id", "ScanPath", "Landmarks", "Volume"], data.Schema.Select(c => c.Name));
        Assert.Equal(TextDataViewType.Instance, data.Schema["Id"].Type);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3 * 13), data.Schema["Landmarks"].Type);
        Assert.Same(VolumeDataViewType.Instance, data.Schema["Volume"].Type);
        Assert.Equal(["Nasion.L", "Nasion.P", "Nasion.S", "Vertex.L"], LoadScansTests.SlotNames(data)[..4]);
        Assert.Equal(3, data.GetRowCount());
        Assert.True(data.CanShuffle);
    }

    [Fact]
    public void GeneratePhantoms_SameSeedSamePhantoms_OtherSeedOthers_WhateverTheContextSeed()
    {
        float[] Voxels(int contextSeed, int seed) => [.. Volumes(new MLContext(contextSeed).Data.GeneratePhantoms(2, seed, Small)).SelectMany(v => v.Voxels)];

        Assert.Equal(Voxels(1, 7), Voxels(2, 7));
        Assert.NotEqual(Voxels(1, 7), Voxels(1, 8));
        var ml = new MLContext(1);
        Assert.Equal(["phantom000", "phantom001"], LoadScansTests.Rows(ml, ml.Data.GeneratePhantoms(2, 7, Small)).Select(r => r.Id));
    }

    [Fact]
    public void Cursor_WithRandom_ShufflesRowsButKeepsTheirIds()
    {
        IDataView data = new MLContext(1).Data.GeneratePhantoms(8, seed: 1, Small);
        (ulong[] order, string[] ids) = Read(data, null);
        (ulong[] shuffled, string[] shuffledIds) = Read(data, new Random(3));
        (ulong[] again, _) = Read(data, new Random(3));

        Assert.Equal([0UL, 1, 2, 3, 4, 5, 6, 7], order);
        Assert.NotEqual(order, shuffled);
        Assert.Equal(shuffled, again);
        Assert.Equal(order, shuffled.Order());
        for (int n = 0; n < 8; n++)
        {
            Assert.Equal($"phantom{shuffled[n]:D3}", shuffledIds[n]);   // the row id is the row's index in the table
        }

        Assert.Equal("phantom000", ids[0]);
    }

    [Fact]
    public void Cursor_ColumnNotRequested_IsRefusedNamingIt()
    {
        IDataView data = new MLContext(1).Data.GeneratePhantoms(1, seed: 1, Small);
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema["Id"]]);
        Assert.True(cursor.IsColumnActive(data.Schema["Id"]));
        Assert.False(cursor.IsColumnActive(data.Schema["Volume"]));
        var e = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<Volume>(data.Schema["Volume"]));
        Assert.Contains("'Volume' was not requested", e.Message);
    }

    [Fact]
    public void CreateEnumerable_CarriesVolumesInMemory()
    {
        var ml = new MLContext(1);
        InMemoryScan[] scans = [.. ml.Data.CreateEnumerable<InMemoryScan>(ml.Data.GeneratePhantoms(2, seed: 1, Small), reuseRowObject: false)];
        Assert.Equal(new VolumeSize(16, 16, 16), scans[1].Volume!.Size);
        Assert.Equal("phantom001", scans[1].Id);

        IDataView back = ml.Data.LoadFromEnumerable(scans);
        Assert.Same(VolumeDataViewType.Instance, back.Schema["Volume"].Type);
        Assert.Same(scans[0].Volume, ml.Data.CreateEnumerable<InMemoryScan>(back, reuseRowObject: false).First().Volume);
    }

    [Fact]
    public void Table_RowWithOtherLandmarkCount_IsRefusedNamingTheCase()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScanTable([new ScanTableRow("a", "", [1, 2, 3]), new ScanTableRow("odd", "", [1, 2, 3, 4, 5, 6])], ["A"]));
        Assert.Contains("Case 'odd' has 2 landmarks; the dataset has 1", e.Message);
    }

    [Fact]
    public void GeneratePhantoms_CountOutOfRange_Throws()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.GeneratePhantoms(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.GeneratePhantoms(100_001, 1));
    }

    private static IEnumerable<Volume> Volumes(IDataView data)
    {
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema["Volume"]]);
        ValueGetter<Volume> getter = cursor.GetGetter<Volume>(data.Schema["Volume"]);
        var volumes = new List<Volume>();
        while (cursor.MoveNext())
        {
            Volume v = null!;
            getter(ref v);
            volumes.Add(v);
        }

        return volumes;
    }

    private static (ulong[] RowIds, string[] Ids) Read(IDataView data, Random? random)
    {
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema["Id"]], random);
        ValueGetter<ReadOnlyMemory<char>> id = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema["Id"]);
        ValueGetter<DataViewRowId> rowId = cursor.GetIdGetter();
        var rowIds = new List<ulong>();
        var ids = new List<string>();
        while (cursor.MoveNext())
        {
            ReadOnlyMemory<char> text = default;
            DataViewRowId r = default;
            id(ref text);
            rowId(ref r);
            ids.Add(text.ToString());
            rowIds.Add(r.Low);
        }

        return ([.. rowIds], [.. ids]);
    }

    private sealed class InMemoryScan
    {
        public string Id { get; set; } = "";

        [VolumeType]
        public Volume? Volume { get; set; }
    }
}
