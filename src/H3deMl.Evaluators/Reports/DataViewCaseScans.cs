using H3deMl.Core.MLNet;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Evaluators.Reports;

/// <summary>The scans of a data view's rows, named as the evaluation names them (<see cref="CaseIdReader"/>): its
/// <c>Volume</c> column when it has one (the prepared scan, in the original scan's world frame), else the file or DICOM
/// folder of its <c>ScanPath</c> column, read again.</summary>
/// <remarks>The view is read once, in one cursor; a volume is loaded only for a wanted row, and held only while the
/// report draws it.</remarks>
internal sealed class DataViewCaseScans : CaseScans
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column? _volume;
    private readonly DataViewSchema.Column? _path;

    private DataViewCaseScans(IDataView data, DataViewSchema.Column? volume, DataViewSchema.Column? path)
    {
        _data = data;
        _volume = volume;
        _path = path;
    }

    /// <summary>The scans of a view, or null when it has neither a Volume nor a ScanPath column.</summary>
    public static DataViewCaseScans? Create(IDataView data)
    {
        DataViewSchema schema = data.Schema;
        DataViewSchema.Column? volume = schema.GetColumnOrNull(ScanColumnNames.Volume) is { Type: VolumeDataViewType } v ? v : null;
        DataViewSchema.Column? path = schema.GetColumnOrNull(ScanColumnNames.ScanPath) is { Type: TextDataViewType } p ? p : null;
        return volume is null && path is null ? null : new DataViewCaseScans(data, volume, path);
    }

    /// <inheritdoc/>
    public override void Visit(IReadOnlySet<string> caseIds, Action<string, Func<Volume?>> visit, CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(caseIds, StringComparer.Ordinal);
        IEnumerable<DataViewSchema.Column> columns = CaseIdReader.Columns(_data.Schema).Concat(new[] { _volume, _path }.Where(c => c is not null).Select(c => c!.Value));
        using (ScanCancellation.Use(cancellationToken))
        using (DataViewRowCursor cursor = _data.GetRowCursor(columns))
        {
            var ids = new CaseIdReader(cursor);
            ValueGetter<Volume>? volume = _volume is { } v ? cursor.GetGetter<Volume>(v) : null;
            ValueGetter<ReadOnlyMemory<char>>? path = _path is { } p ? cursor.GetGetter<ReadOnlyMemory<char>>(p) : null;
            while (pending.Count > 0 && cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                string id = ids.Read();
                if (pending.Remove(id))
                {
                    visit(id, () => Load(volume, path, cancellationToken));
                }
            }
        }
    }

    private static Volume? Load(ValueGetter<Volume>? volumeGetter, ValueGetter<ReadOnlyMemory<char>>? pathGetter, CancellationToken cancellationToken)
    {
        if (volumeGetter is not null)
        {
            Volume? volume = null;
            volumeGetter(ref volume!);
            return volume;
        }

        ReadOnlyMemory<char> path = default;
        pathGetter!(ref path);
        return path.Length == 0 ? null : Volume.Read(path.ToString(), cancellationToken);
    }
}
