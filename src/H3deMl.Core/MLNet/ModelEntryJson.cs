using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Core.MLNet;

/// <summary>Writes and reads a component's options in its model entry as length-prefixed UTF-8 JSON.</summary>
/// <remarks>Layout: int32 byte count, then the JSON. A model file is untrusted input: the count is bounded before
/// anything is allocated, and a malformed or mismatched document is refused with ML.NET's decode error.</remarks>
internal static class ModelEntryJson
{
    /// <summary>Options are at most 1 MiB.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Write<T>(ModelSaveContext ctx, T value)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        ctx.Writer.Write(bytes.Length);
        ctx.Writer.Write(bytes);
    }

    public static T Read<T>(IHostEnvironment env, ModelLoadContext ctx, string component)
        where T : class
    {
        int length = ctx.Reader.ReadInt32();
        env.CheckDecode(length is > 0 and <= MaxBytes, $"{component}: the saved options claim {length} bytes (at most {MaxBytes}); the model file is damaged or was not written by H3deMl.");
        byte[] bytes = ctx.Reader.ReadBytes(length);
        env.CheckDecode(bytes.Length == length, $"{component}: the saved options are truncated ({bytes.Length} of {length} bytes).");
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json)
                ?? throw env.ExceptDecode($"{component}: the saved options are empty.");
        }
        catch (JsonException e)
        {
            throw env.ExceptDecode(e, $"{component}: the saved options are not valid ({e.Message}): {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200))}");
        }
    }
}
