using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>One case of a <see cref="ScanTable"/>.</summary>
/// <param name="Id">The case identifier.</param>
/// <param name="ScanPath">The image file or DICOM folder; empty for a scan held in memory.</param>
/// <param name="Landmarks">3 floats per landmark, NaN where missing; null when the case has no ground truth.</param>
/// <param name="Volume">The scan, when it is held in memory.</param>
/// <param name="Split">The split the dataset's folders or manifest assign ("train", "val", "test"), or null.</param>
internal sealed record ScanTableRow(string Id, string ScanPath, float[]? Landmarks, Volume? Volume = null, string? Split = null);

/// <summary>An <see cref="IDataView"/> of cases held in memory (paths, landmarks, optionally volumes): what
/// <c>ml.Data.LoadScans</c> and <c>ml.Data.GeneratePhantoms</c> return.</summary>
/// <remarks>Columns: <c>Id</c>, <c>ScanPath</c>, <c>Landmarks</c> (when there are landmark names), <c>Volume</c> (when the
/// volumes are in memory), <c>Split</c> (when the dataset assigns splits). A cursor given a <see cref="Random"/> visits the rows in an order drawn from it; row ids are
/// the rows' indices, whatever the order.</remarks>
internal sealed class ScanTable : IDataView
{
    private readonly ScanTableRow[] _rows;
    private readonly IReadOnlyList<string> _landmarkNames;
    private readonly bool _hasVolumes;
    private readonly bool _hasSplits;

    public ScanTable(IEnumerable<ScanTableRow> rows, IReadOnlyList<string> landmarkNames)
    {
        _rows = [.. rows];
        _landmarkNames = landmarkNames;
        _hasVolumes = _rows.Any(r => r.Volume is not null);
        _hasSplits = _rows.Any(r => r.Split is not null);
        float[] missing = [.. Enumerable.Repeat(float.NaN, 3 * landmarkNames.Count)];
        for (int i = 0; i < _rows.Length; i++)
        {
            if (_rows[i].Landmarks is null)
            {
                _rows[i] = _rows[i] with { Landmarks = missing };
            }
            else if (_rows[i].Landmarks!.Length != missing.Length)
            {
                throw new ArgumentException($"Case '{_rows[i].Id}' has {_rows[i].Landmarks!.Length / 3} landmarks; the dataset has {landmarkNames.Count}.", nameof(rows));
            }
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumn(ScanColumnNames.Id, TextDataViewType.Instance);
        builder.AddColumn(ScanColumnNames.ScanPath, TextDataViewType.Instance);
        if (landmarkNames.Count > 0)
        {
            builder.AddColumn(ScanColumnNames.Landmarks, LandmarkColumn.Type(landmarkNames.Count), LandmarkColumn.SlotNameAnnotations(landmarkNames));
        }

        if (_hasVolumes)
        {
            builder.AddColumn(ScanColumnNames.Volume, VolumeDataViewType.Instance);
        }

        if (_hasSplits)
        {
            builder.AddColumn(SplitColumnName, TextDataViewType.Instance);
        }

        Schema = builder.ToSchema();
    }

    /// <summary>The column of the split each case belongs to.</summary>
    public const string SplitColumnName = "Split";

    public DataViewSchema Schema { get; }

    public bool CanShuffle => true;

    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, Order(rand), [.. columnsNeeded.Select(c => c.Index)]);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private int[] Order(Random? rand)
    {
        int[] order = [.. Enumerable.Range(0, _rows.Length)];
        if (rand is not null)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rand.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return order;
    }

    private sealed class Cursor(ScanTable table, int[] order, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => table.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private ScanTableRow Row => _position >= 0 && _position < order.Length
            ? table._rows[order[_position]]
            : throw new InvalidOperationException("The cursor is not on a row.");

        public override bool MoveNext()
        {
            if (_position < order.Length)
            {
                _position++;
            }

            return _position < order.Length;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)order[_position], 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active.Contains(column.Index))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested from the cursor.");
            }

            Delegate getter = column.Name switch
            {
                ScanColumnNames.Id => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Row.Id.AsMemory()),
                ScanColumnNames.ScanPath => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Row.ScanPath.AsMemory()),
                SplitColumnName => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Row.Split ?? "").AsMemory()),
                ScanColumnNames.Landmarks => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
                {
                    float[] values = Row.Landmarks!;
                    var editor = VBufferEditor.Create(ref v, values.Length);
                    values.CopyTo(editor.Values);
                    v = editor.Commit();
                }),
                _ => (ValueGetter<Volume>)((ref Volume v) => v = Row.Volume!),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }
    }
}
