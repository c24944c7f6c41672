using H3deMl.Core.Data;
using Microsoft.ML;

namespace H3deMl.Core.MLNet;

/// <summary>What a scan step does to a row: the columns it reads, the columns it writes (a column with an input
/// column's name hides it), and the row function.</summary>
/// <param name="StepName">The step's name, used in messages.</param>
/// <param name="Inputs">The columns read.</param>
/// <param name="Outputs">The columns written, given the input schema.</param>
/// <param name="ShapeOutputs">The same columns as schema shapes, for estimator schema propagation.</param>
/// <param name="Map">The row function: pure in the row and its context, callable from several threads.</param>
/// <param name="TrainingOnly">True for steps that shape training data only (random crops, augmentation, target
/// encoding): they act in <c>Transform(IDataView)</c>, through which <c>Fit</c> feeds the next estimators, and are the
/// identity in their row-to-row mapper, which is what a prediction engine runs.</param>
internal sealed record ScanRowMapping(
    string StepName,
    ScanInputColumns Inputs,
    Func<DataViewSchema, IReadOnlyList<ScanOutputColumn>> Outputs,
    Func<SchemaShape, IEnumerable<SchemaShape.Column>> ShapeOutputs,
    Func<ScanRow, ScanRowContext, ScanRow> Map,
    bool TrainingOnly = false)
{
    /// <summary>The output schema: the input columns, then the written columns.</summary>
    public DataViewSchema OutputSchema(DataViewSchema input, out IReadOnlyList<ScanOutputColumn> outputs)
    {
        Inputs.Check(input, StepName);
        outputs = Outputs(input);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (ScanOutputColumn column in outputs)
        {
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        }

        return builder.ToSchema();
    }

    /// <summary>Runs the row function; failures name the step and the case.</summary>
    public ScanRow Run(ScanRow row, ScanRowContext context)
    {
        try
        {
            return Map(row, context);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ScanStepException)
        {
            throw new ScanStepException(StepName, row.Id, e);
        }
    }
}
