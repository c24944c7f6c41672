using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using H3deMl.Core.Pipeline;
using H3deMl.Onnx.Protobuf;
using H3deMl.Trainers.Model;
using H3deMl.Trainers.Network;

namespace H3deMl.Onnx.Export;

/// <summary>Collects the <see cref="OnnxMetadataKeys"/> entries of an export.</summary>
internal static class OnnxExportMetadata
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, string> s_stepKeys = new(StringComparer.Ordinal)
    {
        ["H3deMl.Transforms.IntensityNormalizing"] = OnnxMetadataKeys.NormalizeIntensity,
        ["H3deMl.Transforms.CenterCrop"] = OnnxMetadataKeys.CenterCrop,
        ["H3deMl.Transforms.Resampling"] = OnnxMetadataKeys.Resample,
        ["H3deMl.Transforms.Reorienting"] = OnnxMetadataKeys.Reorient,
    };

    public static List<StringStringEntryProto> Collect(ScanModelCatalog catalog, H3deNetModel network,
        IReadOnlyList<ScanChainStep> preprocessing, IReadOnlyList<string> landmarkNames)
    {
        var o = network.Options;
        var entries = new List<StringStringEntryProto>
        {
            new(OnnxMetadataKeys.LandmarkNames, JsonSerializer.Serialize(landmarkNames)),
            new(OnnxMetadataKeys.Head, o.Architecture.Head.ToString()),
            new(OnnxMetadataKeys.PresenceThreshold, o.PresenceThreshold.ToString("R", CultureInfo.InvariantCulture)),
            new(OnnxMetadataKeys.LibraryVersion, LibraryVersion()),
            new(OnnxMetadataKeys.WindowSize, JsonSerializer.Serialize(o.WindowSize)),
            new(OnnxMetadataKeys.AnchorRadiiCells, JsonSerializer.Serialize(o.AnchorRadiiCells)),
            new(OnnxMetadataKeys.HeatmapDecodeMinimumVoxels, o.HeatmapDecodeMinimumVoxels.ToString(CultureInfo.InvariantCulture)),
            new(OnnxMetadataKeys.Architecture, JsonSerializer.Serialize(o.Architecture, s_json)),
        };

        var steps = new JsonArray();
        foreach (var step in preprocessing)
        {
            var manifestStep = StepManifest(catalog, step.Transformer, landmarkNames);
            manifestStep["scope"] = step.Scope.ToString();
            manifestStep.Remove("assembly");
            steps.Add(manifestStep);
            if (manifestStep["type"]?.GetValue<string>() is { } type && s_stepKeys.TryGetValue(type, out var key)
                && manifestStep["options"] is JsonObject options && !entries.Any(e => e.Key == key))
                // Transform steps persist { "options": {…}, "randomStreamIdentity": … }; the key holds the inner options.
                entries.Add(new(key, (options["options"] ?? options).ToJsonString()));
        }
        entries.Add(new(OnnxMetadataKeys.Preprocessing, steps.ToJsonString()));
        return entries;
    }

    /// <summary>The entries a bare network can give (no pipeline, no landmark names).</summary>
    public static List<StringStringEntryProto> ForNetwork(H3deNetArchitecture architecture) =>
    [
        new(OnnxMetadataKeys.Head, architecture.Head.ToString()),
        new(OnnxMetadataKeys.LibraryVersion, LibraryVersion()),
        new(OnnxMetadataKeys.Architecture, JsonSerializer.Serialize(architecture, s_json)),
    ];

    public static string LibraryVersion() =>
        typeof(OnnxExportMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxExportMetadata).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The step's entry of a model manifest, obtained by saving the step alone (so it is exactly what model files record).</summary>
    private static JsonObject StepManifest(ScanModelCatalog catalog, IScanTransformer step, IReadOnlyList<string> landmarkNames)
    {
        using var buffer = new MemoryStream();
        catalog.Save(step, buffer, landmarkNames);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        using var manifest = zip.GetEntry("manifest.json")?.Open()
            ?? throw new InvalidOperationException($"Saving the step {step.StepTypeName} wrote no manifest.");
        var root = JsonNode.Parse(manifest)?.AsObject();
        return root?["steps"]?.AsArray().FirstOrDefault()?.DeepClone().AsObject()
            ?? throw new InvalidOperationException($"The manifest of step {step.StepTypeName} lists no step.");
    }
}
