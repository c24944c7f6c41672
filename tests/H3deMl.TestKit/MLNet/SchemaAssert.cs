using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace H3deMl.TestKit.MLNet;

/// <summary>Compares an estimator's promised <see cref="SchemaShape"/> with a real schema.</summary>
public static class SchemaAssert
{
    /// <summary>Asserts that <paramref name="schema"/>'s visible columns are exactly the promised ones: names, vector
    /// kinds, item types, key-ness and annotation names.</summary>
    public static void Matches(SchemaShape promised, DataViewSchema schema)
    {
        DataViewSchema.Column[] actual = ColumnValues.Visible(schema);
        Assert.Equal(promised.Select(c => c.Name).Order(), actual.Select(c => c.Name).Order());
        foreach (DataViewSchema.Column column in actual)
        {
            SchemaShape.Column shape = promised.Single(c => c.Name == column.Name);
            (SchemaShape.Column.VectorKind kind, DataViewType item) = column.Type switch
            {
                VectorDataViewType { IsKnownSize: true } v => (SchemaShape.Column.VectorKind.Vector, v.ItemType),
                VectorDataViewType v => (SchemaShape.Column.VectorKind.VariableVector, v.ItemType),
                DataViewType t => (SchemaShape.Column.VectorKind.Scalar, t),
            };
            Assert.True(shape.Kind == kind, $"'{column.Name}': promised {shape.Kind}, got {kind}");
            Assert.True(shape.ItemType.Equals(item), $"'{column.Name}': promised {shape.ItemType}, got {item}");
            Assert.True(shape.IsKey == item is KeyDataViewType, $"'{column.Name}': key-ness differs");
            Assert.Equal(shape.Annotations.Select(a => a.Name).Order(), column.Annotations.Schema.Select(a => a.Name).Order());
        }
    }
}
