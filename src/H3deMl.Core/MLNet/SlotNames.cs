using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>ML.NET "SlotNames" annotations, built and read through public API.</summary>
internal static class SlotNames
{
    public const string Kind = "SlotNames";

    public static DataViewSchema.Annotations Annotations(string[] names)
    {
        ReadOnlyMemory<char>[] values = [.. names.Select(n => n.AsMemory())];
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(Kind, new VectorDataViewType(TextDataViewType.Instance, values.Length),
            (ref VBuffer<ReadOnlyMemory<char>> destination) => destination = new VBuffer<ReadOnlyMemory<char>>(values.Length, values));
        return builder.ToAnnotations();
    }

    public static string[]? Read(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(Kind) is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            return null;
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        column.Annotations.GetValue(Kind, ref names);
        return [.. names.DenseValues().Select(m => m.ToString())];
    }
}
