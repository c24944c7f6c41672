using System.Reflection;
using Microsoft.ML;

namespace H3deMl.TestKit.MLNet;

/// <summary>The <see cref="SchemaShape"/> of a schema, as ML.NET's own estimator tests build it.</summary>
public static class SchemaShapes
{
    private static readonly MethodInfo Create =
        typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public, [typeof(DataViewSchema)])
        ?? throw new InvalidOperationException("Microsoft.ML no longer has SchemaShape.Create(DataViewSchema).");

    /// <summary>The shape of <paramref name="schema"/>: ML.NET's <c>SchemaShape.Create</c> (internal; reached by reflection,
    /// since <c>SchemaShape.Column</c> has no public constructor).</summary>
    public static SchemaShape Of(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return (SchemaShape)Create.Invoke(null, [schema])!;
    }
}
