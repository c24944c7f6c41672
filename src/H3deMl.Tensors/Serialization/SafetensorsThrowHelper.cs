using System.Diagnostics.CodeAnalysis;

namespace H3deMl.Tensors.Serialization;

/// <summary>The safetensors reader's and writer's errors, one message per failure: "file: what is wrong (expected vs found); what to do".</summary>
internal static class SafetensorsThrowHelper
{
    [DoesNotReturn]
    internal static void Invalid(string source, string message, string? field = null, long? offset = null, Exception? inner = null) =>
        throw new ModelFormatException(source, $"{source}: {message}", field, offset, inner);

    [DoesNotReturn]
    internal static void Truncated(string source, string what, long expectedBytes, long foundBytes, long offset) =>
        Invalid(source, $"the file ends inside {what} ({expectedBytes:N0} bytes expected, {foundBytes:N0} found at byte {offset:N0}); the file is truncated, copy or download it again.",
            null, offset);
}
