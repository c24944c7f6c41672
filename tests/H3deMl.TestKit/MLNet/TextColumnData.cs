using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.TestKit.MLNet;

/// <summary>A one-row view whose column of a given name holds text: input of the wrong type for a scan step.</summary>
public static class TextColumnData
{
    /// <summary>A view with <c>Id</c> and <paramref name="column"/>, both text.</summary>
    public static IDataView Create(MLContext ml, string column)
    {
        ArgumentNullException.ThrowIfNull(ml);
        SchemaDefinition definition = SchemaDefinition.Create(typeof(TextRow));
        definition[nameof(TextRow.Text)].ColumnName = column;
        return ml.Data.LoadFromEnumerable([new TextRow()], definition);
    }

    private sealed class TextRow
    {
        public string Id { get; set; } = "text";

        public string Text { get; set; } = "not a scan";
    }
}
