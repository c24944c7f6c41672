using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using H3deMl.Core.MLNet;
using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Intensity;
using H3deMl.Transforms.Spatial;

namespace H3deMl.Onnx.Export;

/// <summary>Collects the <see cref="OnnxMetadataKeys"/> entries of an export.</summary>
internal static class OnnxExportMetadata
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static List<StringStringEntryProto> Collect(ExportedPipeline pipeline)
    {
        H3deNetModelOptions o = pipeline.Network.Options;
        var entries = new List<StringStringEntryProto>
        {
            new(OnnxMetadataKeys.LandmarkNames, JsonSerializer.Serialize(o.LandmarkNames)),
            new(OnnxMetadataKeys.Head, o.Architecture.Head.ToString()),
            new(OnnxMetadataKeys.PresenceThreshold, o.PresenceThreshold.ToString("R", CultureInfo.InvariantCulture)),
            new(OnnxMetadataKeys.LibraryVersion, LibraryVersion()),
            new(OnnxMetadataKeys.WindowSize, JsonSerializer.Serialize(o.WindowSize)),
            new(OnnxMetadataKeys.AnchorRadiiCells, JsonSerializer.Serialize(o.AnchorRadiiCells)),
            new(OnnxMetadataKeys.HeatmapDecodeMinimumVoxels, o.HeatmapDecodeMinimumVoxels.ToString(CultureInfo.InvariantCulture)),
            new(OnnxMetadataKeys.Architecture, JsonSerializer.Serialize(o.Architecture, Json)),
        };

        var steps = new JsonArray();
        foreach (ScanTransformerBase step in pipeline.Preprocessing)
        {
            object? options = step.GetType().GetProperty("Options", BindingFlags.Public | BindingFlags.Instance)?.GetValue(step);
            JsonNode? optionsJson = options is null ? null : JsonSerializer.SerializeToNode(options, options.GetType(), Json);
            steps.Add(new JsonObject { ["type"] = step.GetType().Name, ["step"] = step.Mapping.StepName, ["options"] = optionsJson });
            if (KeyOf(step) is { } key && optionsJson is not null && !entries.Any(e => e.Key == key))
            {
                entries.Add(new(key, optionsJson.ToJsonString()));
            }
        }

        entries.Add(new(OnnxMetadataKeys.Preprocessing, steps.ToJsonString()));
        return entries;
    }

    /// <summary>The entries a bare network can give (no pipeline, no landmark names).</summary>
    public static List<StringStringEntryProto> ForNetwork(H3deNetArchitecture architecture) =>
    [
        new(OnnxMetadataKeys.Head, architecture.Head.ToString()),
        new(OnnxMetadataKeys.LibraryVersion, LibraryVersion()),
        new(OnnxMetadataKeys.Architecture, JsonSerializer.Serialize(architecture, Json)),
    ];

    public static string LibraryVersion() =>
        typeof(OnnxExportMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxExportMetadata).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string? KeyOf(ScanTransformerBase step) => step switch
    {
        IntensityNormalizingTransformer => OnnxMetadataKeys.NormalizeIntensity,
        CenterCropTransformer => OnnxMetadataKeys.CenterCrop,
        ResamplingTransformer => OnnxMetadataKeys.Resample,
        ReorientingTransformer => OnnxMetadataKeys.Reorient,
        _ => null,
    };
}
