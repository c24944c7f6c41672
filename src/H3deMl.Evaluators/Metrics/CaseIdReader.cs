using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Evaluators;

/// <summary>Names the case of a cursor's row: its <c>Id</c> text, else its <c>ScanPath</c>, else "row N" (N from 0), the
/// same for the evaluation and the report.</summary>
internal sealed class CaseIdReader
{
    private readonly DataViewRowCursor _cursor;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _id;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _path;
    private ReadOnlyMemory<char> _text;

    public CaseIdReader(DataViewRowCursor cursor)
    {
        _cursor = cursor;
        _id = Text(cursor, ScanColumnNames.Id);
        _path = Text(cursor, ScanColumnNames.ScanPath);
    }

    /// <summary>The columns the reader needs, among those the schema has.</summary>
    public static IEnumerable<DataViewSchema.Column> Columns(DataViewSchema schema) =>
        new[] { ScanColumnNames.Id, ScanColumnNames.ScanPath }
            .Select(schema.GetColumnOrNull)
            .Where(c => c is { Type: TextDataViewType })
            .Select(c => c!.Value);

    /// <summary>The case id of the current row.</summary>
    public string Read()
    {
        _text = default;
        _id?.Invoke(ref _text);
        if (_text.Length == 0)
        {
            _path?.Invoke(ref _text);
        }

        return _text.Length > 0 ? _text.ToString() : "row " + _cursor.Position.ToString(CultureInfo.InvariantCulture);
    }

    private static ValueGetter<ReadOnlyMemory<char>>? Text(DataViewRowCursor cursor, string name) =>
        cursor.Schema.GetColumnOrNull(name) is { Type: TextDataViewType } c && cursor.IsColumnActive(c)
            ? cursor.GetGetter<ReadOnlyMemory<char>>(c)
            : null;
}
