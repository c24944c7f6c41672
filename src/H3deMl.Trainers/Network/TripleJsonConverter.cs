using System.Text.Json;
using System.Text.Json.Serialization;

namespace H3deMl;

/// <summary>Writes an (A0, A1, A2) triple as a JSON array of three integers (System.Text.Json skips tuple fields).</summary>
internal sealed class TripleJsonConverter : JsonConverter<(int A0, int A1, int A2)>
{
    public override (int A0, int A1, int A2) Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<int[]>(ref reader, options);
        if (values is not { Length: 3 }) throw new JsonException("Expected an array of three integers.");
        return (values[0], values[1], values[2]);
    }

    public override void Write(Utf8JsonWriter writer, (int A0, int A1, int A2) value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.A0);
        writer.WriteNumberValue(value.A1);
        writer.WriteNumberValue(value.A2);
        writer.WriteEndArray();
    }
}
