using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>A cursor over a <see cref="ScanMappedDataView"/>: moves the input cursor, reads through a <see cref="ScanMappedRow"/>.</summary>
internal sealed class ScanMappedCursor(DataViewRowCursor input, ScanMappedRow row) : DataViewRowCursor
{
    public override DataViewSchema Schema => row.Schema;

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    public override bool MoveNext() => input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => row.IsColumnActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => row.GetGetter<TValue>(column);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            row.Dispose();
        }

        base.Dispose(disposing);
    }
}
