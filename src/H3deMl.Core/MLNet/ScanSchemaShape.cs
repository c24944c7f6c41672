using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>Schema propagation for H3deMl estimators (<c>IEstimator.GetOutputSchema</c>): checks the input columns a step
/// reads and adds the columns it writes, before any data flows.</summary>
internal static class ScanSchemaShape
{
    /// <summary>The output shape of a step: its inputs checked, then its output columns added (replacing same-named columns).</summary>
    public static SchemaShape Apply(SchemaShape input, ScanRowMapping mapping)
    {
        mapping.Inputs.CheckShape(input, mapping.StepName);
        var columns = input.ToDictionary(c => c.Name);
        foreach (SchemaShape.Column column in mapping.ShapeOutputs(input))
        {
            columns[column.Name] = column;
        }

        return new SchemaShape(columns.Values);
    }

    public static bool IsVolume(SchemaShape.Column c) => c.Kind == SchemaShape.Column.VectorKind.Scalar && c.ItemType is VolumeDataViewType;

    public static bool IsLandmarks(SchemaShape.Column c) => c.Kind == SchemaShape.Column.VectorKind.Vector && c.ItemType == NumberDataViewType.Single;

    public static bool IsFloatVector(SchemaShape.Column c) =>
        c.Kind is SchemaShape.Column.VectorKind.Vector or SchemaShape.Column.VectorKind.VariableVector && c.ItemType == NumberDataViewType.Single;

    public static bool IsText(SchemaShape.Column c) => c.Kind == SchemaShape.Column.VectorKind.Scalar && c.ItemType is TextDataViewType;

    public static SchemaShape.Column VolumeColumn(string name) => new(name, SchemaShape.Column.VectorKind.Scalar, VolumeDataViewType.Instance, false);

    public static SchemaShape.Column LandmarkColumn(string name) => VectorColumn(name, NumberDataViewType.Single, withSlotNames: true);

    public static SchemaShape.Column ObjectColumn(string name, DataViewType type) => new(name, SchemaShape.Column.VectorKind.Scalar, type, false);

    public static SchemaShape.Column VectorColumn(string name, DataViewType itemType, bool withSlotNames) =>
        new(name, SchemaShape.Column.VectorKind.Vector, itemType, false,
            withSlotNames ? new SchemaShape([new SchemaShape.Column(SlotNames.Kind, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, false)]) : null);
}
