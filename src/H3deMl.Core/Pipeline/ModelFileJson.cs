using System.Text.Json;
using System.Text.Json.Serialization;

namespace H3deMl.Core.Pipeline;

/// <summary>The JSON settings of model manifests: camelCase names, enums as names, indented, no comments.</summary>
internal static class ModelFileJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        MaxDepth = 32,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
