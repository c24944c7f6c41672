namespace H3deMl.Tensors.Serialization;

/// <summary>The element types of the safetensors format: their names, sizes, and which ones we convert to float32 on read.</summary>
internal static class SafetensorsDType
{
    internal const string Float32 = "F32";

    private static readonly Dictionary<string, int> s_sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["F64"] = 8, ["I64"] = 8, ["U64"] = 8,
    };

    /// <summary>The size in bytes of a dtype named in the format, or 0 for a name the format does not define.</summary>
    internal static int SizeOf(string dtype) => s_sizes.GetValueOrDefault(dtype);

    /// <summary>True for the dtypes we read: F32 as is; F16, BF16 and F64 converted to float32.</summary>
    internal static bool IsReadable(string dtype) => dtype is "F32" or "F16" or "BF16" or "F64";

    internal static string KnownNames => string.Join(", ", s_sizes.Keys);
}
