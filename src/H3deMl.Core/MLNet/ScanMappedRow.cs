using H3deMl.Core.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>An input row plus the columns a scan step writes, computed once per row position when first read.</summary>
internal sealed class ScanMappedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly ScanRowMapping _mapping;
    private readonly IReadOnlyList<ScanOutputColumn> _outputs;
    private readonly bool[] _active;
    private readonly ScanRowReader? _reader;
    private readonly ulong _pass;
    private readonly Func<CancellationToken> _cancellation;
    private long _cachedPosition = -1;
    private ScanRow? _cached;

    public ScanMappedRow(DataViewRow input, DataViewSchema schema, ScanRowMapping mapping, IReadOnlyList<ScanOutputColumn> outputs,
        bool[] outputActive, ulong pass, Func<CancellationToken> cancellation)
    {
        _input = input;
        Schema = schema;
        _mapping = mapping;
        _outputs = outputs;
        _active = outputActive;
        _pass = pass;
        _cancellation = cancellation;
        _reader = outputActive.Any(a => a) ? new ScanRowReader(input, mapping.Inputs) : null;
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        int inputCount = _input.Schema.Count;
        return column.Index < inputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _active[column.Index - inputCount];
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        int inputCount = _input.Schema.Count;
        if (column.Index < inputCount)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        int output = column.Index - inputCount;
        if (!_active[output])
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested from the cursor.");
        }

        return _outputs[output].MakeGetter(Current) as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }

        base.Dispose(disposing);
    }

    private ScanRow Current()
    {
        if (_cachedPosition != _input.Position || _cached is null)
        {
            CancellationToken token = _cancellation();
            token.ThrowIfCancellationRequested();
            ScanRow row = _reader!.Read();
            _cached = _mapping.Run(row, new ScanRowContext(_pass, _reader.RowId(), token));
            _cachedPosition = _input.Position;
        }

        return _cached;
    }
}
