using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>The columns a scan step reads and which of them must be present.</summary>
/// <param name="Volume">The volume column (<see cref="VolumeDataViewType"/>), or null when the step does not read it.</param>
/// <param name="Landmarks">The landmark column, or null when the step does not read landmarks.</param>
/// <param name="ScanPath">The path column, or null when the step does not read it.</param>
/// <param name="RequireVolume">The volume column must exist.</param>
/// <param name="RequireLandmarks">The landmark column must exist.</param>
/// <param name="FloatVectors">Further float vector columns the step reads (each must exist); <see cref="ScanRowReader"/> puts
/// each value into <c>ScanRow.Features</c> as a <c>float[]</c> under the column's name.</param>
internal sealed record ScanInputColumns(string? Volume, string? Landmarks, string? ScanPath = null, bool RequireVolume = true, bool RequireLandmarks = false,
    IReadOnlyList<string>? FloatVectors = null)
{
    /// <summary>The further float vector columns (empty when none).</summary>
    public IReadOnlyList<string> Vectors => FloatVectors ?? [];

    /// <summary>Checks the columns against a schema; the message names the column, its role, and what was found.</summary>
    public void Check(DataViewSchema schema, string step)
    {
        CheckColumn(schema, step, Volume, "volume", RequireVolume, t => t is VolumeDataViewType, "a Volume (put ml.Transforms.LoadVolume() before this step)");
        CheckColumn(schema, step, Landmarks, "landmark", RequireLandmarks,
            t => t is VectorDataViewType { ItemType: NumberDataViewType n, Size: > 0 } v && n == NumberDataViewType.Single && v.Size % 3 == 0,
            "a vector of 3 floats per landmark");
        CheckColumn(schema, step, ScanPath, "scan path", false, t => t is TextDataViewType, "text");
        foreach (string vector in Vectors)
        {
            CheckColumn(schema, step, vector, "input", true, t => t is VectorDataViewType { ItemType: NumberDataViewType n } && n == NumberDataViewType.Single, "a vector of floats");
        }
    }

    /// <summary>Checks the columns against a schema shape (estimator schema propagation).</summary>
    public void CheckShape(SchemaShape shape, string step)
    {
        CheckShapeColumn(shape, step, Volume, "volume", RequireVolume, ScanSchemaShape.IsVolume, "a Volume (put ml.Transforms.LoadVolume() before this step)");
        CheckShapeColumn(shape, step, Landmarks, "landmark", RequireLandmarks, ScanSchemaShape.IsLandmarks, "a vector of 3 floats per landmark");
        CheckShapeColumn(shape, step, ScanPath, "scan path", false, ScanSchemaShape.IsText, "text");
        foreach (string vector in Vectors)
        {
            CheckShapeColumn(shape, step, vector, "input", true, ScanSchemaShape.IsFloatVector, "a vector of floats");
        }
    }

    /// <summary>The input column indices a step reads, among those present.</summary>
    public IEnumerable<int> Indices(DataViewSchema schema) =>
        new[] { Volume, Landmarks, ScanPath, ScanColumnNames.Id }.Concat(Vectors)
            .Where(n => n is not null && schema.GetColumnOrNull(n) is not null)
            .Select(n => schema[n!].Index);

    private static void CheckShapeColumn(SchemaShape shape, string step, string? name, string role, bool required, Func<SchemaShape.Column, bool> accepts, string expected)
    {
        if (name is null)
        {
            return;
        }

        if (shape.FirstOrDefault(c => c.Name == name) is not { Name: not null } column)
        {
            if (required)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"{step}: the {role} column '{name}' is not in the data; expected {expected}.");
            }

            return;
        }

        if (!accepts(column))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"{step}: the {role} column '{name}' is {column.ItemType}; expected {expected}.");
        }
    }

    private static void CheckColumn(DataViewSchema schema, string step, string? name, string role, bool required, Func<DataViewType, bool> accepts, string expected)
    {
        if (name is null)
        {
            return;
        }

        DataViewSchema.Column? column = schema.GetColumnOrNull(name);
        if (column is null)
        {
            if (required)
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"{step}: the {role} column '{name}' is not in the data; expected {expected}.");
            }

            return;
        }

        if (!accepts(column.Value.Type))
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"{step}: the {role} column '{name}' is {column.Value.Type}; expected {expected}.");
        }
    }
}
