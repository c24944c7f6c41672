using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.TestKit.MLNet;

/// <summary>Reads every visible column of every row of a view into plain values: text as <see cref="string"/>, vectors
/// as arrays (copied), other types (volumes, features) as the objects the getters return.</summary>
public static class ColumnValues
{
    private static readonly MethodInfo GetterMethod = typeof(ColumnValues).GetMethod(nameof(Getter), BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>The visible columns of a schema (a column an output replaces is hidden).</summary>
    public static DataViewSchema.Column[] Visible(DataViewSchema schema) => [.. schema.Where(c => !c.IsHidden)];

    /// <summary>Reads every row of <paramref name="view"/>, in the order a cursor given <paramref name="rand"/> visits them.</summary>
    /// <returns>One array per row, indexed like <see cref="Visible"/>.</returns>
    public static List<object?[]> ReadAll(IDataView view, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        DataViewSchema.Column[] columns = Visible(view.Schema);
        var rows = new List<object?[]>();
        using DataViewRowCursor cursor = view.GetRowCursor(columns, rand);
        Func<object?>[] getters = [.. columns.Select(c => For(cursor, c))];
        while (cursor.MoveNext())
        {
            rows.Add([.. getters.Select(g => g())]);
        }

        return rows;
    }

    /// <summary>A function reading <paramref name="column"/> of <paramref name="row"/> as a plain value.</summary>
    public static Func<object?> For(DataViewRow row, DataViewSchema.Column column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Func<object?>)GetterMethod.MakeGenericMethod(column.Type.RawType).Invoke(null, [row, column])!;
    }

    private static Func<object?> Getter<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<T> getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return Plain(value);
        };
    }

    private static object? Plain(object? value) => value switch
    {
        ReadOnlyMemory<char> text => text.ToString(),
        VBuffer<float> v => v.DenseValues().ToArray(),
        VBuffer<bool> v => v.DenseValues().ToArray(),
        VBuffer<ReadOnlyMemory<char>> v => v.DenseValues().Select(t => t.ToString()).ToArray(),
        _ => value,
    };
}
