using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>The row-to-row form of a scan step, which prediction engines run. A training-only step maps a row to itself.</summary>
internal sealed class ScanRowMapper : IRowToRowMapper
{
    private readonly ScanRowMapping? _mapping;
    private readonly IReadOnlyList<ScanOutputColumn> _outputs = [];

    public ScanRowMapper(DataViewSchema inputSchema, ScanRowMapping mapping)
    {
        InputSchema = inputSchema;
        if (mapping.TrainingOnly)
        {
            OutputSchema = inputSchema;
            return;
        }

        _mapping = mapping;
        OutputSchema = mapping.OutputSchema(inputSchema, out _outputs);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var indices = new HashSet<int>(dependingColumns.Where(c => c.Index < InputSchema.Count).Select(c => c.Index));
        if (_mapping is not null && dependingColumns.Any(c => c.Index >= InputSchema.Count))
        {
            indices.UnionWith(_mapping.Inputs.Indices(InputSchema));
        }

        return indices.Order().Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        if (_mapping is null)
        {
            return input;
        }

        var active = new bool[_outputs.Count];
        foreach (DataViewSchema.Column column in activeColumns.Where(c => c.Index >= InputSchema.Count))
        {
            active[column.Index - InputSchema.Count] = true;
        }

        return new ScanMappedRow(input, OutputSchema, _mapping, _outputs, active, 0, () => ScanCancellation.Current);
    }
}
