using H3deMl.Core.Data;
using H3deMl.Core.Volumes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Core.MLNet;

/// <summary>Reads the columns a scan step needs from an input row into a <see cref="ScanRow"/>.</summary>
internal sealed class ScanRowReader
{
    private readonly ValueGetter<ReadOnlyMemory<char>>? _id;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _path;
    private readonly ValueGetter<Volume>? _volume;
    private readonly ValueGetter<VBuffer<float>>? _landmarks;
    private readonly IReadOnlyList<string>? _landmarkNames;
    private readonly ValueGetter<DataViewRowId> _rowId;
    private readonly (string Name, ValueGetter<VBuffer<float>> Getter)[] _vectors;
    private VBuffer<float> _landmarkBuffer;
    private ReadOnlyMemory<char> _text;

    public ScanRowReader(DataViewRow input, ScanInputColumns columns)
    {
        DataViewSchema schema = input.Schema;
        _id = Text(input, ScanColumnNames.Id);
        _path = Text(input, columns.ScanPath);
        if (columns.Volume is not null && schema.GetColumnOrNull(columns.Volume) is { } v && input.IsColumnActive(v))
        {
            _volume = input.GetGetter<Volume>(v);
        }

        if (columns.Landmarks is not null && schema.GetColumnOrNull(columns.Landmarks) is { } l && input.IsColumnActive(l))
        {
            _landmarks = input.GetGetter<VBuffer<float>>(l);
            _landmarkNames = LandmarkColumn.Names(l);
        }

        _vectors = [.. columns.Vectors
            .Select(n => schema.GetColumnOrNull(n))
            .Where(c => c is not null && input.IsColumnActive(c.Value))
            .Select(c => (c!.Value.Name, input.GetGetter<VBuffer<float>>(c.Value)))];
        _rowId = input.GetIdGetter();
    }

    /// <summary>The landmark names of the input's landmark column, or null when the step reads none.</summary>
    public IReadOnlyList<string>? LandmarkNames => _landmarkNames;

    /// <summary>The row's identity in its source.</summary>
    public ulong RowId()
    {
        DataViewRowId id = default;
        _rowId(ref id);
        return id.Low ^ (id.High * 0x9E3779B97F4A7C15UL);
    }

    public ScanRow Read()
    {
        string id = ReadText(_id) ?? "";
        string? path = ReadText(_path);
        Volume? volume = null;
        _volume?.Invoke(ref volume!);
        ScanRow row = new()
        {
            Id = id.Length > 0 ? id : path ?? "",
            Source = string.IsNullOrEmpty(path) ? ScanSource.InMemory : new ScanSource { Kind = ScanSourceKind.ImageAndLandmarks, ImagePath = path },
            Volume = volume,
        };
        if (_landmarks is not null)
        {
            _landmarks(ref _landmarkBuffer);
            row = row with { Landmarks = LandmarkColumn.FromVector(_landmarkBuffer.DenseValues().ToArray(), _landmarkNames!) };
        }

        foreach ((string name, ValueGetter<VBuffer<float>> getter) in _vectors)
        {
            VBuffer<float> buffer = default;
            getter(ref buffer);
            row = row.WithFeature(name, buffer.DenseValues().ToArray());
        }

        return row;
    }

    private static ValueGetter<ReadOnlyMemory<char>>? Text(DataViewRow input, string? name) =>
        name is not null && input.Schema.GetColumnOrNull(name) is { Type: TextDataViewType } c && input.IsColumnActive(c)
            ? input.GetGetter<ReadOnlyMemory<char>>(c)
            : null;

    private string? ReadText(ValueGetter<ReadOnlyMemory<char>>? getter)
    {
        if (getter is null)
        {
            return null;
        }

        getter(ref _text);
        return _text.ToString();
    }
}
