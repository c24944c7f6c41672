using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>The lazy result of a scan step's <c>Transform</c>: the input view plus the step's columns, computed when read.</summary>
/// <remarks>Remembers its input and step, so a trainer can replay the scoring form of the steps that prepared its
/// training data on validation data (<see cref="ScanPipelineReplay"/>).</remarks>
internal sealed class ScanMappedDataView : IDataView
{
    private readonly IReadOnlyList<ScanOutputColumn> _outputs;

    public ScanMappedDataView(IDataView input, ScanTransformerBase step)
    {
        Input = input;
        Step = step;
        Schema = step.Mapping.OutputSchema(input.Schema, out _outputs);
    }

    public IDataView Input { get; }

    public ScanTransformerBase Step { get; }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => Input.CanShuffle;

    public long? GetRowCount() => Input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        bool[] active = ActiveOutputs(columnsNeeded);
        ulong pass = rand is null ? 0 : (ulong)rand.NextInt64();
        DataViewRowCursor input = Input.GetRowCursor(NeededInputs(columnsNeeded, active), rand);
        return new ScanMappedCursor(input, new ScanMappedRow(input, Schema, Step.Mapping, _outputs, active, pass, () => ScanCancellation.Current));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private bool[] ActiveOutputs(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        int inputCount = Input.Schema.Count;
        var active = new bool[_outputs.Count];
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            if (column.Index >= inputCount)
            {
                active[column.Index - inputCount] = true;
            }
        }

        return active;
    }

    private IEnumerable<DataViewSchema.Column> NeededInputs(IEnumerable<DataViewSchema.Column> columnsNeeded, bool[] active)
    {
        var indices = new HashSet<int>(columnsNeeded.Where(c => c.Index < Input.Schema.Count).Select(c => c.Index));
        if (active.Any(a => a))
        {
            indices.UnionWith(Step.Mapping.Inputs.Indices(Input.Schema));
        }

        return indices.Order().Select(i => Input.Schema[i]);
    }
}
