namespace H3deMl.Core.Volumes;

/// <summary>The element type a volume had in its file, before it was converted to float32.</summary>
public enum VolumeElementType
{
    /// <summary>32-bit IEEE float (the default; also what a volume created in memory has).</summary>
    Float32 = 0,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,

    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,

    /// <summary>Signed 16-bit integer.</summary>
    Int16,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>64-bit IEEE float.</summary>
    Float64,
}

/// <summary>Helpers for <see cref="VolumeElementType"/>.</summary>
public static class VolumeElementTypeExtensions
{
    /// <summary>The size of one element in bytes.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static int SizeInBytes(this VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 or VolumeElementType.Int8 => 1,
        VolumeElementType.UInt16 or VolumeElementType.Int16 => 2,
        VolumeElementType.UInt32 or VolumeElementType.Int32 or VolumeElementType.Float32 => 4,
        VolumeElementType.UInt64 or VolumeElementType.Int64 or VolumeElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };

    /// <summary>The lower-case name used in <c>h3de inspect</c> output ("uint8", "int16", "float32", …).</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static string ToShortName(this VolumeElementType type) => type switch
    {
        VolumeElementType.UInt8 => "uint8",
        VolumeElementType.Int8 => "int8",
        VolumeElementType.UInt16 => "uint16",
        VolumeElementType.Int16 => "int16",
        VolumeElementType.UInt32 => "uint32",
        VolumeElementType.Int32 => "int32",
        VolumeElementType.UInt64 => "uint64",
        VolumeElementType.Int64 => "int64",
        VolumeElementType.Float32 => "float32",
        VolumeElementType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown element type."),
    };
}
