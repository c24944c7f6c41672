using System.Text.Json;

namespace H3deMl.Onnx.Decoding;

/// <summary>The decoding settings an exported model carries in its metadata (<see cref="OnnxMetadataKeys"/>); each is null
/// when the key is absent.</summary>
internal sealed record OnnxLandmarkMetadata(
    OnnxLandmarkHead? Head,
    string[]? LandmarkNames,
    int[]? WindowSize,
    int? HeatmapDecodeMinimumVoxels,
    double[]? AnchorRadiiCells,
    double? PresenceThreshold)
{
    /// <exception cref="ArgumentException">A value cannot be read (the message names the key and the value).</exception>
    public static OnnxLandmarkMetadata Read(IReadOnlyDictionary<string, string> metadata) => new(
        metadata.TryGetValue(OnnxMetadataKeys.Head, out string? head) ? ParseHead(head) : null,
        Value<string[]>(metadata, OnnxMetadataKeys.LandmarkNames),
        Value<int[]>(metadata, OnnxMetadataKeys.WindowSize),
        Value<int?>(metadata, OnnxMetadataKeys.HeatmapDecodeMinimumVoxels),
        Value<double[]>(metadata, OnnxMetadataKeys.AnchorRadiiCells),
        Value<double?>(metadata, OnnxMetadataKeys.PresenceThreshold));

    /// <summary>The metadata of an ONNX file (the graph is read but not prepared for running).</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model.</exception>
    public static IReadOnlyDictionary<string, string> OfFile(string path)
    {
        Protobuf.ModelProto model = Protobuf.ModelProto.ReadFile(path);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Protobuf.StringStringEntryProto entry in model.MetadataProps)
        {
            entries.TryAdd(entry.Key, entry.Value);
        }

        return entries;
    }

    private static OnnxLandmarkHead ParseHead(string value) => value.Trim().ToLowerInvariant() switch
    {
        "heatmap" => OnnxLandmarkHead.Heatmap,
        "anchors" => OnnxLandmarkHead.Anchors,
        "both" => OnnxLandmarkHead.Both,
        _ => throw new ArgumentException($"The model metadata {OnnxMetadataKeys.Head} = '{value}' is not heatmap, anchors or both."),
    };

    private static T? Value<T>(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out string? json))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The model metadata {key} = '{json}' cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }
}
